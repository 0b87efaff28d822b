package dev.napkin.estimator.fit;

import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import java.util.Optional;

/** What fits: the largest model on N GPUs, and the largest micro-batch of a given model. */
public final class FitEstimator {
    /** Beyond this the family search stops: 1000 layers of width 128,000 is 2e14 parameters. */
    private static final int MAX_FAMILY_LAYERS = 1000;

    private FitEstimator() {
    }

    /** The largest parameter count, and the family shape when activations count. */
    public record MaxModel(double maxParams, double bytesPerParam, Optional<Model> shape) {
    }

    /**
     * Model states only (CS336 lecture 2): the states spread evenly over all GPUs (ZeRO-3 or model parallelism),
     * so max params = GPUs x memory per GPU / bytes per parameter; 8 x 80e9 / 16 = 4e10 for fp32 AdamW.
     */
    public static MaxModel maxParams(int gpus, double memoryBytesPerGpu, Precision precision, Optimizer optimizer) {
        requireGpus(gpus);
        // bytes per parameter does not depend on the count for these optimizers; Adafactor's needs a shape
        Model probe = Model.ofParams(1e9);
        double bytesPerParam = MemoryEstimate.of(probe, precision, optimizer, Parallelism.single(), Optional.empty())
                .bytesPerParam();
        return new MaxModel(gpus * memoryBytesPerGpu / bytesPerParam, bytesPerParam, Optional.empty());
    }

    /** Model states given as {@code bytesPerParam} bytes per parameter: GPUs x memory / bytes per parameter. */
    public static MaxModel maxParams(int gpus, double memoryBytesPerGpu, double bytesPerParam) {
        requireGpus(gpus);
        if (!(bytesPerParam > 0)) {
            throw new IllegalArgumentException("--bytes-per-param must be positive, got " + bytesPerParam);
        }
        return new MaxModel(gpus * memoryBytesPerGpu / bytesPerParam, bytesPerParam, Optional.empty());
    }

    /**
     * States spread over all GPUs plus each GPU's activations for {@code settings}, for the {@link ShapeFamily}:
     * the deepest family member that fits.
     */
    public static MaxModel maxParamsWithActivations(int gpus, double memoryBytesPerGpu, Precision precision,
                                                    Optimizer optimizer, ActivationSettings settings, int vocab) {
        requireGpus(gpus);
        Model best = null;
        double bestBytesPerParam = 0;
        for (int layers = 1; layers <= MAX_FAMILY_LAYERS; layers++) {
            Model candidate = ShapeFamily.withLayers(layers, vocab, settings.seq());
            MemoryEstimate one = MemoryEstimate.of(candidate, precision, optimizer, Parallelism.single(),
                    Optional.of(settings));
            double perGpu = one.breakdown().modelStates() / gpus + one.breakdown().fixedWorkspace()
                    + one.breakdown().perBatch();
            if (perGpu > memoryBytesPerGpu) {
                break;
            }
            best = candidate;
            bestBytesPerParam = one.bytesPerParam();
        }
        if (best == null) {
            throw new IllegalArgumentException("not even a 1-layer model fits: the activations of --batch "
                    + settings.microBatch() + " x --seq " + settings.seq() + " alone exceed the memory per GPU; "
                    + "lower them or add --recompute full");
        }
        return new MaxModel(best.totalParams(), bestBytesPerParam, Optional.of(best));
    }

    /**
     * The largest micro-batch, and what one more sequence would need.
     *
     * @param fixedWorkspaceBytes workspace that does not grow with the batch (zero but for the GPU trainer)
     */
    public record MaxBatch(int maxBatch, double modelStateBytes, double fixedWorkspaceBytes,
                           double activationBytesPerSequence, double memoryBytesPerGpu) {
    }

    /**
     * Activations grow linearly in the micro-batch, so max batch = floor((memory - states - fixed workspace) /
     * bytes per sequence). Zero means the model states alone do not fit.
     */
    public static MaxBatch maxBatch(Model model, double memoryBytesPerGpu, Precision precision, Optimizer optimizer,
                                    Parallelism parallelism, ActivationSettings perSequence) {
        if (perSequence.microBatch() != 1) {
            throw new IllegalArgumentException("maxBatch measures one sequence; pass micro-batch 1");
        }
        return maxBatch(MemoryEstimate.of(model, precision, optimizer, parallelism, Optional.of(perSequence)),
                memoryBytesPerGpu);
    }

    /** The largest micro-batch from {@code one}, the estimate of a single sequence (however its states are given). */
    public static MaxBatch maxBatch(MemoryEstimate one, double memoryBytesPerGpu) {
        if (one.activationSettings().map(ActivationSettings::microBatch).orElse(0) != 1) {
            throw new IllegalArgumentException("maxBatch measures one sequence; pass micro-batch 1");
        }
        double states = one.breakdown().modelStates();
        double fixedWorkspace = one.breakdown().fixedWorkspace();
        double perSeq = one.breakdown().perBatch();
        double free = memoryBytesPerGpu - states - fixedWorkspace;
        int batch = free <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.floor(free / perSeq));
        return new MaxBatch(batch, states, fixedWorkspace, perSeq, memoryBytesPerGpu);
    }

    private static void requireGpus(int gpus) {
        if (gpus < 1) {
            throw new IllegalArgumentException("--gpus must be at least 1, got " + gpus);
        }
    }
}
