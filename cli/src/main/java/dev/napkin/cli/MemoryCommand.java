package dev.napkin.cli;

import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.ExpertParallel;
import dev.napkin.estimator.memory.MemoryBreakdown;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.gpu.GpuSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "memory", mixinStandardHelpOptions = true,
        header = "Memory per GPU for training, part by part.", sortOptions = false,
        description = {"Memory per GPU for training: weights, gradients, optimizer state, fp32 master",
                "weights, activations (Korthikanti et al. 2022) and logits, with ZeRO / tensor",
                "/ pipeline sharding."},
        footer = {"",
                "Examples:",
                "  # 16 bytes per parameter:",
                "  napkin memory --params 40B --precision fp32 --optimizer adamw",
                "  napkin memory --model llama3-8b --batch 4 --seq 8192 --flash-attention \\",
                "      --gpu h100-sxm",
                "  napkin memory --model llama3-70b --gpus 64 --tensor-parallel 8 --zero 1 \\",
                "      --batch 1 --seq 8192"})
final class MemoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption modelOption;

    @Mixin
    ParallelOptions parallelOptions;

    @Mixin
    ActivationOptions activationOptions;

    @Mixin
    FormatOption formatOption;

    @Mixin
    StateOptions stateOptions;

    @Option(names = "--expert-parallel", paramLabel = "EP", defaultValue = "1",
            description = "Mixture of experts: split each layer's routed experts over EP GPUs of the data-parallel "
                    + "group (EP divides DP and the expert count). Default: 1.")
    int expertParallel;

    @Option(names = "--gpu", paramLabel = "NAME", description = "Also say whether it fits on this GPU.")
    String gpu;

    @Option(names = "--bytes-per-param", paramLabel = "BYTES",
            description = "Model states (weights, gradients, optimizer state, master copy) as a given number of bytes "
                    + "per parameter, e.g. 12 (CS336's 2 + 2 + 4 + 4); --precision still sizes the activations.",
            converter = Converters.BytesPerParam.class)
    Converters.Given bytesPerParam;

    @Option(names = "--gpu-specs", paramLabel = "FILE", description = "A JSON file of GPUs that adds to the built-in table.")
    java.nio.file.Path gpuSpecs;

    @Override
    public Integer call() {
        if (gpuSpecs != null && gpu == null) {
            throw new IllegalArgumentException("--gpu-specs needs --gpu: the file is read only to say whether the "
                    + "model fits on a GPU; add --gpu NAME or drop --gpu-specs");
        }
        Model model = modelOption.resolve();
        Precision p = stateOptions.precision();
        Optimizer o = stateOptions.optimizer();
        Parallelism parallelism = parallelOptions.resolve();
        List<String> notes = new ArrayList<>();
        Optional<ActivationSettings> settings = Optional.empty();
        if (activationOptions.batch != null) {
            model.requireShape("activation memory");
            settings = Optional.of(activationOptions.settings(model, activationOptions.batch, notes));
            ActivationSettings a = settings.get();
            if (a.dropout() && activationOptions.dropout == null) {
                notes.add("dropout masks as the model trains: " + a.dropouts().describe());
            }
            if (a.recompute() == dev.napkin.estimator.flops.Recompute.FULL && parallelism.tensorParallel() > 1) {
                notes.add(parallelism.sequenceParallel()
                        ? "full recompute keeps each layer's input split along the sequence: 2·s·b·h/t per layer "
                                + "(sequence parallelism; Korthikanti et al. 2022, section 4.2.2)"
                        : "full recompute keeps each layer's whole input on every GPU: 2·s·b·h per layer "
                                + "(Korthikanti et al. 2022, table 2, without sequence parallelism)");
            }
        } else if (activationOptions.seq != null) {
            throw new IllegalArgumentException("--seq without --batch: activations need both (e.g. --batch 8 --seq 1024)");
        } else {
            notes.add("activations and logits are not counted: give --batch and --seq"
                    + (model.shape().isEmpty() ? " with a shape (--model or --config)" : ""));
        }
        ExpertParallel ep = new ExpertParallel(expertParallel);
        if (bytesPerParam != null && ep.size() > 1) {
            throw new IllegalArgumentException("--bytes-per-param with --expert-parallel " + ep.size() + ": a lump of "
                    + "bytes per parameter does not say which are the experts'; give one of the two");
        }
        MemoryEstimate m = bytesPerParam == null ? MemoryEstimate.of(model, p, o, parallelism, settings, ep)
                : MemoryEstimate.withGivenBytesPerParam(model, bytesPerParam.value(),
                        p, o, parallelism, settings);
        if (bytesPerParam != null) {
            notes.add("model states given: " + bytesPerParam.text() + " bytes per parameter (--bytes-per-param), shown under "
                    + "weights; gradients, optimizer state and master weights are inside it");
        }
        if (ep.size() > 1) {
            notes.add("expert parallel " + ep.size() + ": each GPU holds 1/" + ep.size() + " of every layer's routed "
                    + "experts");
            if (settings.isPresent()) {
                ExpertParallel.MoeTokenBytes t = ep.tokenBytes(model.shape().orElseThrow(), settings.get(),
                        p.activationBytes());
                notes.add(String.format(java.util.Locale.ROOT, "all-to-all per MoE layer and micro-batch: %s sent to "
                        + "experts and %s back forward (the same backward), %.0f%% of it to other GPUs, %d MoE layers",
                        dev.napkin.estimator.units.Si.gib(t.dispatchBytesPerLayer()),
                        dev.napkin.estimator.units.Si.gib(t.combineBytesPerLayer()), 100 * t.leavingShare(),
                        t.moeLayers()));
            }
        }
        MemoryBreakdown b = m.breakdown();
        GpuSpec gpuSpec = null;
        if (gpu != null) {
            gpuSpec = GpuOption.catalog(gpuSpecs).find(gpu);
            notes.add(gpuSpec.id() + " capacity is " + dev.napkin.estimator.units.Si.gib(gpuSpec.memoryBytes())
                    + "; drivers show a little less, and frameworks keep some for workspace and fragmentation");
        }
        ActivationSettings a = settings.orElse(null);
        MemoryReport report = new MemoryReport(ModelInfo.of(model), p.id(), o.id(),
                new MemoryReport.ParallelismInfo(parallelism.gpus(), parallelism.dataParallel(),
                        parallelism.tensorParallel(), parallelism.pipelineParallel(), parallelism.zeroStage(),
                        parallelism.sequenceParallel()),
                a == null ? null : a.microBatch(), a == null ? null : a.seq(), a == null ? null : a.recompute().id(),
                a == null ? null : a.flashAttention(), a == null ? null : a.dropout(), a != null, m.bytesPerParam(),
                b.total(), new MemoryReport.Breakdown(b.weights() + b.givenModelStates(), b.gradients(),
                        b.optimizerState(), b.masterWeights(), b.activations(), b.logits()),
                m.pipelineStage(), gpuSpec == null ? null : gpuSpec.id(),
                gpuSpec == null ? null : (double) gpuSpec.memoryBytes(),
                gpuSpec == null ? null : b.total() <= gpuSpec.memoryBytes(), List.copyOf(notes));
        Output.print(report, formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
