package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.flops.FlopsPerToken;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "mfu", mixinStandardHelpOptions = true, sortOptions = false,
        header = "MFU and HFU from what a run measured, under each convention.",
        description = {"MFU and HFU of a run from what it measured, under every FLOPs convention",
                "napkin knows. MFU = model FLOPs per token x tokens/s / (GPUs x dense peak)",
                "(Chowdhery et al. 2022, 4.1); HFU adds what recomputation reruns."},
        footer = {"", "Example (Llama 3 405B on 16,384 H100s, 8K sequences; Meta reports 38-43%% MFU):",
                "  napkin mfu --model llama3-405b --gpus 16384 --gpu h100-sxm --seq 8192 \\",
                "      --tflops-per-gpu 400",
                "From a logged step time (a 2,048-sequence batch every 12 s):",
                "  napkin mfu --model llama3-70b --gpus 1024 --seq 8192 --step-seconds 12 \\",
                "      --global-batch 2048",
                "From a whole run's bill:",
                "  napkin mfu --model llama3-70b --gpus 1024 --gpu-hours 6.4M --tokens 15T \\",
                "      --flops palm"})
final class MfuCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption modelOption;

    @Mixin
    GpuOption gpuOption;

    @Mixin
    FormatOption formatOption;

    @Option(names = "--gpus", paramLabel = "N", converter = Converters.Gpus.class,
            description = "GPUs in the run (required).")
    Integer gpus;

    @Option(names = "--seq", paramLabel = "T", description = "Sequence length (default: the model's context).")
    Integer seq;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "bf16-mixed",
            converter = Choices.Precisions.class, completionCandidates = Choices.Precisions.class,
            description = "Picks the dense peak: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--tokens-per-second", paramLabel = "RATE", converter = Converters.Positive.class,
            description = "Measured tokens/s of the whole run.")
    Double tokensPerSecond;

    @Option(names = "--step-seconds", paramLabel = "S", converter = Converters.Positive.class,
            description = "Measured seconds per step (with --global-batch).")
    Double stepSeconds;

    @Option(names = "--global-batch", paramLabel = "SEQUENCES", converter = Converters.GlobalBatch.class,
            description = "Sequences per step (with --step-seconds).")
    Integer globalBatch;

    @Option(names = "--tflops-per-gpu", paramLabel = "TFLOPS", converter = Converters.Positive.class,
            description = "Achieved TFLOP/s per GPU as the run counted them: --flops convention, with --recompute's rerun.")
    Double tflopsPerGpu;

    @Option(names = "--gpu-hours", paramLabel = "HOURS", converter = Converters.Count.class,
            description = "GPU-hours of the run (with --tokens).")
    Double gpuHours;

    @Option(names = "--tokens", paramLabel = "COUNT", converter = Converters.Tokens.class,
            description = "Tokens the run trained on (with --gpu-hours).")
    Double tokens;

    @Option(names = "--flops", paramLabel = "FORMULA", defaultValue = "6pt",
            converter = Choices.Formulas.class, completionCandidates = Choices.Formulas.class,
            description = "The convention of the top-line mfu and hfu (and of --tflops-per-gpu): ${COMPLETION-CANDIDATES}.")
    FlopsFormula formula;

    @Option(names = "--recompute", paramLabel = "POLICY", defaultValue = "none", converter = Choices.Recomputes.class,
            description = "none (default), selective or full: what HFU adds.")
    Recompute recompute;

    @Override
    public Integer call() {
        if (gpus == null) {
            throw new IllegalArgumentException("--gpus is required: how many GPUs the run used, e.g. --gpus 1024");
        }
        Model model = modelOption.resolve();
        GpuSpec gpu = gpuOption.resolve();
        int n = gpus;
        int sequence = Options.sequence(seq, model);
        ComputeDtype dtype = precision.computeDtype();
        double peak = gpu.requirePeakFlopsPerSec(dtype);
        FlopsFormula chosen = formula;
        Recompute r = recompute;
        double rate = tokensPerSecond(model, n, sequence, chosen, r);
        List<MfuReport.Convention> conventions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        MfuReport.Convention top = null;
        for (FlopsFormula f : FlopsFormula.values()) {
            if (f != FlopsFormula.SIX_PT && model.shape().isEmpty()) {
                notes.add(f.id() + " needs the model's shape (--model or --config)");
                continue;
            }
            FlopsPerToken perToken = f.perToken(model, sequence);
            MfuReport.Convention c = new MfuReport.Convention(f.id(), f.citation(), perToken.model(),
                    perToken.hardware(r), perToken.model() * rate / (n * peak), perToken.hardware(r) * rate / (n * peak));
            conventions.add(c);
            if (f == chosen) {
                top = c;
            }
        }
        if (top == null) {
            throw new IllegalArgumentException("--flops " + chosen.id() + " needs the model's shape; give --model or --config");
        }
        if (top.hfu() > 1) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the measurement gives HFU %.2f, above "
                    + "%s's dense %s peak; check the numbers, --gpus and --precision", top.hfu(), gpu.id(), dtype.id()));
        }
        Output.print(new MfuReport(ModelInfo.of(model), n, gpu.id(), dtype.id(), sequence, peak, rate, r.id(),
                chosen.id(), top.mfu(), top.hfu(), conventions, notes), formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }

    /** Tokens per second of the whole run from whichever measurement was given (exactly one). */
    private double tokensPerSecond(Model model, int n, int sequence, FlopsFormula chosen, Recompute r) {
        int given = (tokensPerSecond != null ? 1 : 0) + (stepSeconds != null ? 1 : 0) + (tflopsPerGpu != null ? 1 : 0)
                + (gpuHours != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("give one measurement: --tokens-per-second, --step-seconds with "
                    + "--global-batch, --tflops-per-gpu, or --gpu-hours with --tokens");
        }
        if (tokensPerSecond != null) {
            return tokensPerSecond;
        }
        if (stepSeconds != null) {
            if (globalBatch == null) {
                throw new IllegalArgumentException("--step-seconds needs --global-batch (sequences per step), e.g. --global-batch 2048");
            }
            return (double) globalBatch * sequence / stepSeconds;
        }
        if (tflopsPerGpu != null) {
            if (chosen != FlopsFormula.SIX_PT) {
                model.requireShape("--flops " + chosen.id());
            }
            return tflopsPerGpu * 1e12 * n
                    / chosen.perToken(model, sequence).hardware(r);
        }
        if (tokens == null) {
            throw new IllegalArgumentException("--gpu-hours needs --tokens (what the run trained on), e.g. --tokens 15T");
        }
        return tokens / (gpuHours * 3600 / n);
    }
}
