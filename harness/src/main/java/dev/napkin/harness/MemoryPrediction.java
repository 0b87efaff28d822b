package dev.napkin.harness;

import dev.napkin.estimator.fit.FitEstimator;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.memory.Trainer;
import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.Model;
import dev.napkin.harness.gpu.AttentionKind;
import dev.napkin.harness.gpu.GpuOptions;
import dev.napkin.harness.gpu.GpuPrecision;
import java.util.Optional;

/**
 * The estimator's prediction for a harness configuration: AdamW, one device, no recompute, no dropout. The CPU
 * trainer is fp32 with naive attention, a {@link Trainer#HAND_WRITTEN} trainer with the configuration's worker
 * threads (each with its scratch); the GPU trainer is a
 * {@link Trainer#GPU_HARNESS} whose {@link GpuOptions} pick the precision (fp32 and tf32 store fp32, tf32 only
 * multiplies faster; bf16-mixed is the estimator's bf16-mixed) and the attention path (fused is flash attention).
 */
public final class MemoryPrediction {
    private MemoryPrediction() {
    }

    public static Model model(TrainConfig config) {
        return Model.ofShape(config.modelId(), config.modelId(), config.shape(), false);
    }

    /** Predicted bytes of the CPU trainer for {@code config}'s batch. */
    public static MemoryEstimate of(TrainConfig config) {
        return MemoryEstimate.of(model(config), Precision.FP32, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(cpuSettings(config, config.batch())));
    }

    /** The largest batch the estimator predicts the CPU trainer fits within {@code memoryBytes}. */
    public static int maxBatch(TrainConfig config, double memoryBytes) {
        return FitEstimator.maxBatch(model(config), memoryBytes, Precision.FP32, Optimizer.ADAMW,
                Parallelism.single(), cpuSettings(config, 1)).maxBatch();
    }

    /** Predicted bytes of the GPU trainer for {@code config}'s batch under {@code options}. */
    public static MemoryEstimate of(TrainConfig config, GpuOptions options) {
        return MemoryEstimate.of(model(config), precision(options.precision()), Optimizer.ADAMW,
                Parallelism.single(), Optional.of(gpuSettings(config, options, config.batch())));
    }

    /** The largest batch the estimator predicts the GPU trainer fits within {@code memoryBytes}. */
    public static int maxBatch(TrainConfig config, GpuOptions options, double memoryBytes) {
        return FitEstimator.maxBatch(model(config), memoryBytes, precision(options.precision()), Optimizer.ADAMW,
                Parallelism.single(), gpuSettings(config, options, 1)).maxBatch();
    }

    /** The estimator's name for how the GPU trainer stores its numbers. */
    public static Precision precision(GpuPrecision precision) {
        return switch (precision) {
            case FP32, TF32 -> Precision.FP32;
            case BF16_MIXED -> Precision.BF16_MIXED;
        };
    }

    /** Predicted minus measured, over measured: +0.02 is a prediction 2% too high. */
    public static double relativeError(double predictedBytes, double measuredBytes) {
        return (predictedBytes - measuredBytes) / measuredBytes;
    }

    private static ActivationSettings cpuSettings(TrainConfig config, int batch) {
        // every worker thread keeps its own scratch (WorkerScratch), which the estimator counts per thread
        return new ActivationSettings(batch, config.seq(), Recompute.NONE, false, Dropout.NONE, Trainer.HAND_WRITTEN,
                config.threads());
    }

    private static ActivationSettings gpuSettings(TrainConfig config, GpuOptions options, int batch) {
        return new ActivationSettings(batch, config.seq(), Recompute.NONE, options.attention() == AttentionKind.FUSED,
                false, Trainer.GPU_HARNESS);
    }
}
