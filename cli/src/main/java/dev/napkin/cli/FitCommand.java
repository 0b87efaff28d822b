package dev.napkin.cli;

import dev.napkin.estimator.fit.FitEstimator;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
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

@Command(name = "fit", mixinStandardHelpOptions = true,
        header = "The largest model, or micro-batch, that fits in GPU memory.", sortOptions = false,
        description = {"What fits in GPU memory. Without a model: the largest parameter count on",
                "--gpus GPUs (model states spread over all of them; with --batch and --seq also",
                "each GPU's activations, for a GPT-style family of width 128 x layers). With a",
                "model (--model, --config, --layers...): the largest micro-batch per GPU."},
        footer = {"",
                "Examples:",
                "  napkin fit --gpus 8 --gpu h100-sxm --precision fp32 --optimizer adamw \\",
                "      --memory-per-gpu 80GB  # 4e10",
                "  napkin fit --model gpt2-small --gpu a100 --seq 1024 --precision bf16-mixed"})
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption modelOption;

    @Mixin
    GpuOption gpuOption;

    @Mixin
    ActivationOptions activationOptions;

    @Mixin
    FormatOption formatOption;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "1", converter = Converters.Gpus.class,
            description = "GPUs. Default: ${DEFAULT-VALUE}.")
    int gpus;

    @Option(names = "--memory-per-gpu", paramLabel = "BYTES", converter = Converters.MemoryPerGpu.class,
            description = "Memory per GPU, 80GB (1e9 bytes) or 80GiB (2^30); default: the GPU's capacity.")
    Converters.Given memoryPerGpu;

    @Mixin
    StateOptions stateOptions;

    @Option(names = "--bytes-per-param", paramLabel = "BYTES",
            converter = Converters.BytesPerParam.class,
            description = "Model states as a given number of bytes per parameter, e.g. 12 (CS336's 2 + 2 + 4 + 4).")
    Converters.Given bytesPerParam;

    @Option(names = "--vocab-for-family", paramLabel = "V", defaultValue = "50257",
            description = "Vocabulary of the model family searched with --batch/--seq. Default: ${DEFAULT-VALUE}.")
    int familyVocab;

    @Override
    public Integer call() {
        GpuSpec gpu = gpuOption.resolve();
        int gpuCount = gpus;
        Precision p = stateOptions.precision();
        Optimizer o = stateOptions.optimizer();
        Options.range(familyVocab, "--vocab-for-family", 1, dev.napkin.estimator.model.ModelShape.MAX_VOCAB);
        double memory = memoryPerGpu == null ? gpu.memoryBytes() : memoryPerGpu.value();
        String memorySource = memoryPerGpu == null
                ? gpu.id() + " capacity as marketed; the driver shows a little less; --memory-per-gpu overrides it"
                : "--memory-per-gpu " + memoryPerGpu.text();
        List<String> notes = new ArrayList<>();
        if (bytesPerParam != null) {
            notes.add("bytes per parameter given (--bytes-per-param " + bytesPerParam.text() + "), not derived from --precision "
                    + "and --optimizer");
        }
        FitReport report;
        if (modelOption.given()) {
            Model model = modelOption.resolve();
            model.requireShape("the largest micro-batch");
            Parallelism parallelism = new Parallelism(gpuCount, gpuCount, 1, 1, 0, true);
            ActivationSettings one = activationOptions.settings(model, 1, notes);
            if (activationOptions.batch != null) {
                notes.add("--batch is ignored: fit searches the batch");
            }
            FitEstimator.MaxBatch max = bytesPerParam == null
                    ? FitEstimator.maxBatch(model, memory, p, o, parallelism, one)
                    : FitEstimator.maxBatch(MemoryEstimate.withGivenBytesPerParam(model, givenBytesPerParam(), p, o,
                            parallelism, Optional.of(one)), memory);
            double bytesPerParam = (max.modelStateBytes()) / model.totalParams();
            report = new FitReport("the largest micro-batch of " + model.id() + " per " + gpu.id(), gpuCount, gpu.id(),
                    memory, memorySource, p.id(), o.id(), bytesPerParam, null, ModelInfo.of(model), null, one.seq(),
                    max.maxBatch(), max.modelStateBytes(), max.activationBytesPerSequence(),
                    "each GPU holds all model states (data parallel, no ZeRO); activations grow linearly with the batch",
                    List.copyOf(notes));
        } else if (activationOptions.batch != null) {
            if (bytesPerParam != null) {
                throw new IllegalArgumentException("--bytes-per-param with --batch and no model: the family search "
                        + "needs --precision and --optimizer; drop --batch, or give a model");
            }
            if (activationOptions.seq == null) {
                throw new IllegalArgumentException("--batch needs --seq here (there is no model to take a context from)");
            }
            Model probe = Model.ofParams(1);
            ActivationSettings settings = activationOptions.settings(probe, activationOptions.batch);
            FitEstimator.MaxModel max = FitEstimator.maxParamsWithActivations(gpuCount, memory, p, o, settings, familyVocab);
            Model found = max.shape().orElseThrow();
            report = new FitReport("the largest model on " + gpuCount + " x " + gpu.id() + " with activations",
                    gpuCount, gpu.id(), memory, memorySource, p.id(), o.id(), max.bytesPerParam(), max.maxParams(),
                    ModelInfo.of(found), settings.microBatch(), settings.seq(), null, null, null,
                    "model states spread evenly over all GPUs (ZeRO-3 or model parallel); each GPU also keeps the "
                            + "activations of its micro-batch; family: GPT-style, width 128 x layers, heads of 128 "
                            + "(GPT-3 175B's aspect ratio)", List.copyOf(notes));
        } else {
            FitEstimator.MaxModel max = bytesPerParam == null ? FitEstimator.maxParams(gpuCount, memory, p, o)
                    : FitEstimator.maxParams(gpuCount, memory, givenBytesPerParam());
            notes.add("activations are not counted: add --batch and --seq to include them");
            report = new FitReport("the largest model on " + gpuCount + " x " + gpu.id(), gpuCount, gpu.id(), memory,
                    memorySource, p.id(), o.id(), max.bytesPerParam(), max.maxParams(), null, null, null, null, null,
                    null, "model states (" + Si.fixed(max.bytesPerParam(), 2) + " bytes per parameter) spread evenly "
                            + "over all GPUs, as in CS336 lecture 2: GPUs x memory / bytes per parameter",
                    List.copyOf(notes));
        }
        Output.print(report, formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private double givenBytesPerParam() {
        return bytesPerParam.value();
    }
}
