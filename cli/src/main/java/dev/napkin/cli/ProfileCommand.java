package dev.napkin.cli;

import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.CountMode;
import dev.napkin.profiler.OpCost;
import dev.napkin.profiler.OpTime;
import dev.napkin.profiler.Profile;
import dev.napkin.profiler.ProfileSettings;
import dev.napkin.profiler.Roofline;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "profile", mixinStandardHelpOptions = true,
        header = "Every op of a training step: FLOPs, bytes, roofline time.", sortOptions = false,
        description = {"Every op of one training step, analytically: forward and backward FLOPs,",
                "parameters, bytes read and written, activations kept; with --gpu, each op's",
                "roofline time and bound."},
        footer = {"",
                "Examples:",
                "  # nn.Linear layers, forward only, as the thop package counts them:",
                "  napkin profile --model gpt2-small --batch 2 --seq 1024 --count thop",
                "  napkin profile --model gpt2-small --batch 8 --seq 1024 --gpu h100-sxm \\",
                "      --dtype bf16",
                "  napkin profile --model llama3-8b --batch 1 --seq 8192 --attention fused \\",
                "      --gpu h100-sxm --by layer"})
final class ProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ShapeModelOption modelOption;

    @Mixin
    FormatOption formatOption;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1", description = "Sequences in the step. Default: 1.")
    int batch;

    @Option(names = "--seq", paramLabel = "T", description = "Sequence length (default: the model's context).")
    Integer seq;

    @Option(names = "--allow-longer-context",
            description = "Kept for old scripts; the rule is every command's: a --seq beyond a learned position table is "
                    + "refused, beyond rotary positions counted with a note.")
    boolean allowLongerContext;

    @Option(names = "--count", paramLabel = "MODE", defaultValue = "full", converter = Choices.CountModes.class,
            description = "full (every op, forward and backward; default) or thop (nn.Linear layers, forward, as thop).")
    CountMode count;

    @Option(names = "--attention", paramLabel = "KIND", defaultValue = "naive", converter = Choices.Attentions.class,
            description = "naive (scores stored; default) or fused (FlashAttention-style).")
    AttentionKind attention;

    @Option(names = "--dropout", negatable = true, description = "Count dropout of every kind (default: each kind as the model trains: GPT-2 residual, attention and embedding dropout by its config, Llama none).")
    Boolean dropout;

    @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "bf16",
            converter = Choices.Dtypes.class, completionCandidates = Choices.Dtypes.class,
            description = "Element type for bytes and the peak: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ComputeDtype dtype;

    @Option(names = "--gpu", paramLabel = "NAME", description = "Roofline on this GPU (`napkin gpus` lists them).")
    String gpu;

    @Option(names = "--gpu-specs", paramLabel = "FILE", description = "A JSON file of GPUs that adds to the table.")
    Path gpuSpecs;

    @Option(names = "--by", paramLabel = "VIEW", defaultValue = "summary", converter = Choices.ProfileViews.class,
            description = "Table view: summary (kinds and top ops; default), op, layer or kind.")
    String by;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "Ops in the summary's top list. Default: 10.")
    int top;

    @Override
    public Integer call() {
        Model model = modelOption.resolve();
        String view = by;
        Options.range(top, "--top", 1, 1_000_000);
        Options.range(batch, "--batch", 1, Options.MAX_BATCH);
        if (gpuSpecs != null && gpu == null) {
            throw new IllegalArgumentException("--gpu-specs needs --gpu: the file is read only for the roofline on a "
                    + "GPU; add --gpu NAME or drop --gpu-specs");
        }
        ComputeDtype d = dtype;
        CountMode mode = count;
        AttentionKind kind = attention;
        List<String> notes = new java.util.ArrayList<>();
        int sequence = Options.sequence(seq, model, notes);
        notes.forEach(n -> spec.commandLine().getErr().println("napkin profile: note: " + n));
        ProfileSettings settings = new ProfileSettings(batch, sequence, d, dropout == null ? model.dropout() : Dropout.of(dropout),
                kind, mode);
        Profile profile = Profile.of(model, settings, allowLongerContext);
        Roofline roofline = null;
        Map<OpCost, OpTime> times = new HashMap<>();
        if (gpu != null) {
            GpuSpec spec = GpuOption.catalog(gpuSpecs).find(gpu);
            Options.requirePeak(spec, d, "give a --dtype it has, or another --gpu");
            roofline = Roofline.of(profile, spec, d);
            roofline.times().forEach(t -> times.put(t.op(), t));
        }
        ProfileReport report = report(profile, roofline, times, view);
        Output.print(report, formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private ProfileReport report(Profile p, Roofline r, Map<OpCost, OpTime> times, String view) {
        List<ProfileReport.Op> ops = p.ops().stream().map(op -> {
            OpTime t = times.get(op);
            return new ProfileReport.Op(op.name(), op.kind().id(), op.layer(), op.forwardFlops(), op.backwardFlops(),
                    op.backwardInputFlops(), op.backwardWeightFlops(), op.params(), op.bytesRead(), op.bytesWritten(),
                    op.activationBytes(), op.arithmeticIntensity(), t == null ? null : t.seconds(),
                    t == null ? null : t.bound().id());
        }).toList();
        Function<Integer, Double> layerTime = layer -> r == null ? null : r.times().stream()
                .filter(t -> t.op().layer() == layer).mapToDouble(OpTime::seconds).sum();
        List<ProfileReport.Group> byKind = p.byKind().stream().map(g -> group(g, null, r == null ? null
                : r.times().stream().filter(t -> t.op().kind().id().equals(g.name())).mapToDouble(OpTime::seconds)
                .sum())).toList();
        List<ProfileReport.Group> byLayer = p.byLayer().stream()
                .map(g -> group(g.totals(), g.layer(), layerTime.apply(g.layer()))).toList();
        ProfileReport.RooflineInfo info = r == null ? null : new ProfileReport.RooflineInfo(r.gpu().id(), r.dtype().id(),
                r.matmulPeakFlopsPerSec(), r.vectorPeakFlopsPerSec(), r.gpu().memoryBandwidthBytesPerSec(),
                r.stepSeconds(), r.tokensPerSec(), r.mfuCeiling(), r.sixPtSeconds(), r.memoryBoundShare());
        ProfileSettings s = p.settings();
        return new ProfileReport(ModelInfo.of(p.model()), s.batch(), s.seq(), s.count().name().toLowerCase(Locale.ROOT),
                s.dtype().id(), s.attention().name().toLowerCase(Locale.ROOT), s.dropout(), p.forwardFlops(),
                p.backwardFlops(), p.params(), p.ratioToSixPt(), p.bytesMoved(), p.activationBytes(), info, byKind,
                byLayer, ops, view, top);
    }

    private static ProfileReport.Group group(Profile.Group g, Integer layer, Double timeS) {
        return new ProfileReport.Group(g.name(), layer, g.ops(), g.forwardFlops(), g.backwardFlops(), g.params(),
                g.bytesMoved(), g.activationBytes(), timeS);
    }
}
