package dev.napkin.estimator.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FitEstimatorTest {
    @Test // CS336 lecture 2: 8 H100s x 80e9 bytes / 16 bytes per parameter = 4e10 parameters
    void largestModelOnEightH100sWithNaiveAdamw() {
        FitEstimator.MaxModel m = FitEstimator.maxParams(8, 80e9, Precision.FP32, Optimizer.ADAMW);
        assertEquals(4e10, m.maxParams(), 1);
        assertEquals(16, m.bytesPerParam());
    }

    @Test // activations take memory, so the family member that fits is smaller than the states-only answer
    void activationsShrinkTheLargestModel() {
        ActivationSettings settings = new ActivationSettings(1, 2048, Recompute.NONE, true, false);
        FitEstimator.MaxModel withActivations = FitEstimator.maxParamsWithActivations(8, 80e9, Precision.BF16_MIXED,
                Optimizer.ADAMW, settings, 50257);
        double statesOnly = FitEstimator.maxParams(8, 80e9, Precision.BF16_MIXED, Optimizer.ADAMW).maxParams();
        assertTrue(withActivations.maxParams() < statesOnly);
        assertTrue(withActivations.maxParams() > 0.5 * statesOnly, "family answer " + withActivations.maxParams());
        // and the answer really fits while the next family member does not
        Model found = withActivations.shape().orElseThrow();
        int layers = found.shape().orElseThrow().layers();
        assertTrue(perGpu(found, settings) <= 80e9);
        assertTrue(perGpu(ShapeFamily.withLayers(layers + 1, 50257, 2048), settings) > 80e9);
    }

    private static double perGpu(Model m, ActivationSettings settings) {
        MemoryEstimate e = MemoryEstimate.of(m, Precision.BF16_MIXED, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(settings));
        return e.breakdown().modelStates() / 8 + e.breakdown().activations() + e.breakdown().logits();
    }

    @Test // the batch found fits and one more sequence does not
    void largestMicroBatchIsTight() {
        Model gpt2 = ModelPresets.builtIn().find("gpt2-small").model();
        double memory = 80.0 * (1L << 30);
        ActivationSettings one = new ActivationSettings(1, 1024, Recompute.NONE, false, false);
        FitEstimator.MaxBatch max = FitEstimator.maxBatch(gpt2, memory, Precision.BF16_MIXED, Optimizer.ADAMW,
                Parallelism.single(), one);
        assertTrue(max.maxBatch() > 1);
        assertTrue(total(gpt2, max.maxBatch()) <= memory);
        assertTrue(total(gpt2, max.maxBatch() + 1) > memory);
    }

    private static double total(Model m, int batch) {
        return MemoryEstimate.of(m, Precision.BF16_MIXED, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(new ActivationSettings(batch, 1024, Recompute.NONE, false, false))).breakdown().total();
    }

    @Test
    void statesThatDoNotFitGiveZero() {
        Model big = ModelPresets.builtIn().find("llama3-70b").model();
        FitEstimator.MaxBatch max = FitEstimator.maxBatch(big, 80e9, Precision.BF16_MIXED, Optimizer.ADAMW,
                Parallelism.single(), new ActivationSettings(1, 8192, Recompute.NONE, true, false));
        assertEquals(0, max.maxBatch());
    }

    @Test // CS336 lecture 2, 2025 edition (motivating_questions): bf16 parameters (2), gradients (2), fp32 AdamW
          // moments (4 + 4), no master copy: 8 x 80e9 / 12 = 5.33e10 parameters on 8 H100s
    void lecturesTwelveByteLayout() {
        FitEstimator.MaxModel max = FitEstimator.maxParams(8, 80e9, Precision.BF16_FP32_STATE, Optimizer.ADAMW);
        assertEquals(12, max.bytesPerParam());
        assertEquals(8 * 80e9 / 12, max.maxParams(), 1);
        assertEquals(5.33e10, max.maxParams(), 0.005e10);
    }
}
