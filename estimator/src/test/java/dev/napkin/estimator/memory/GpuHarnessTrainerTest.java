package dev.napkin.estimator.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memory of napkin's GPU trainer, beyond what a hand-written CPU trainer holds. */
class GpuHarnessTrainerTest {
    private static final Model GPT2 = ModelPresets.builtIn().find("gpt2-small").model();

    private static MemoryEstimate estimate(Precision precision, int batch, boolean fused, Trainer trainer) {
        return MemoryEstimate.of(GPT2, precision, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(new ActivationSettings(batch, 256, Recompute.NONE, fused, false, trainer)));
    }

    @Test // Micikevicius et al. 2018, section 3: mixed precision keeps an fp32 master copy; this trainer also keeps
          // fp32 gradients: 2 (bf16 weights) + 4 (fp32 gradients) + 4 (master) + 8 (AdamW m, v) = 18
    void bf16MixedIsEighteenBytesPerParameter() {
        assertEquals(18, estimate(Precision.BF16_MIXED, 1, false, Trainer.GPU_HARNESS).bytesPerParam(), 1e-12);
        assertEquals(4, Trainer.GPU_HARNESS.gradientBytes(Precision.BF16_MIXED));
        // ZeRO's accounting (Rajbhandari et al. 2020, section 3.1) with 16-bit gradients stays 16 for the others
        assertEquals(16, estimate(Precision.BF16_MIXED, 1, false, Trainer.FRAMEWORK).bytesPerParam(), 1e-12);
        assertEquals(16, estimate(Precision.BF16_MIXED, 1, false, Trainer.HAND_WRITTEN).bytesPerParam(), 1e-12);
    }

    @Test // fp32: 4 (weights) + 4 (gradients) + 8 (AdamW m, v), no master copy
    void fp32IsSixteenBytesPerParameter() {
        assertEquals(16, estimate(Precision.FP32, 1, false, Trainer.GPU_HARNESS).bytesPerParam(), 1e-12);
        assertEquals(0, estimate(Precision.FP32, 1, false, Trainer.GPU_HARNESS).breakdown().masterWeights());
    }

    @Test // GPT-2 small, B 2, T 256, bf16 mixed: each item Trainer.GPU_HARNESS lists beyond HAND_WRITTEN
    void addsTheAttentionScratchAndTheNormBuffers() {
        double b = 2;
        double t = 256;
        double c = 768;
        double nh = 12;
        double layers = 12;
        double rows = b * nh * t;
        MemoryBreakdown hand = estimate(Precision.BF16_MIXED, 2, false, Trainer.HAND_WRITTEN).breakdown();
        MemoryBreakdown naive = estimate(Precision.BF16_MIXED, 2, false, Trainer.GPU_HARNESS).breakdown();
        MemoryBreakdown handFused = estimate(Precision.BF16_MIXED, 2, true, Trainer.HAND_WRITTEN).breakdown();
        MemoryBreakdown fused = estimate(Precision.BF16_MIXED, 2, true, Trainer.GPU_HARNESS).breakdown();

        assertEquals(hand.activations(), naive.activations());
        assertEquals(hand.logits(), naive.logits());
        // permuted q, k, v and their gradients, the permuted output, the scores: bf16
        assertEquals((7 * b * t * c + rows * t) * 2, naive.workspace() - hand.workspace());

        // one fp32 log-sum-exp per row and head and layer instead of the scores
        assertEquals(layers * rows * 4, fused.activations() - handFused.activations());
        assertEquals(rows * 4, fused.workspace() - handFused.workspace()); // delta

        // 256 partial sums and the norm, fp32, whatever the batch
        assertEquals(257 * 4, naive.fixedWorkspace());
        assertEquals(257 * 4, fused.fixedWorkspace());
        assertEquals(0, hand.fixedWorkspace());
        assertEquals(naive.total() - naive.perBatch() - naive.modelStates(), naive.fixedWorkspace());
    }
}
