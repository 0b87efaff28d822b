package dev.napkin.estimator.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
    private static MemoryEstimate states(double params, Precision precision, Optimizer optimizer, Parallelism p) {
        return MemoryEstimate.of(Model.ofParams(params), precision, optimizer, p, Optional.empty());
    }

    @Test // CS336 lecture 2: parameter, gradient and two Adam moments in fp32 = 16 bytes per parameter
    void naiveFp32AdamwIsSixteenBytesPerParameter() {
        MemoryEstimate m = states(40e9, Precision.FP32, Optimizer.ADAMW, Parallelism.single());
        assertEquals(16, m.bytesPerParam());
        assertEquals(16 * 40e9, m.breakdown().total());
        assertEquals(0, m.breakdown().masterWeights());
    }

    @Test // ZeRO (Rajbhandari et al. 2020) section 3.1: mixed-precision Adam is 2 + 2 + 12 = 16 bytes per parameter
    void mixedPrecisionAdamIsAlsoSixteen() {
        MemoryEstimate m = states(1e9, Precision.BF16_MIXED, Optimizer.ADAM, Parallelism.single());
        assertEquals(16, m.bytesPerParam());
        assertEquals(4e9, m.breakdown().masterWeights());
        assertEquals(8e9, m.breakdown().optimizerState());
    }

    @Test // ZeRO figure 1: 7.5B parameters, N_d = 64: 120 GB, 31.4 GB (P_os), 16.6 GB (P_os+g), 1.9 GB (P_os+g+p)
    void zeroStagesReproduceFigureOne() {
        double[] expectedGb = {120, 31.4, 16.6, 1.9};
        for (int stage = 0; stage <= 3; stage++) {
            Parallelism p = new Parallelism(64, 64, 1, 1, stage, true);
            double gb = states(7.5e9, Precision.FP16_MIXED, Optimizer.ADAM, p).breakdown().total() / 1e9;
            assertEquals(expectedGb[stage], gb, 0.05, "stage " + stage);
        }
    }

    @Test // bitsandbytes 8-bit Adam: 2 bytes of state per parameter (+ one fp32 absmax per 2048 values)
    void eightBitAdamAndOtherOptimizers() {
        assertEquals(2 + 8.0 / 2048, states(1e9, Precision.FP32, Optimizer.ADAMW_8BIT, Parallelism.single())
                .breakdown().optimizerState() / 1e9, 1e-12);
        assertEquals(0, states(1e9, Precision.FP32, Optimizer.SGD, Parallelism.single()).breakdown().optimizerState());
        assertEquals(4e9, states(1e9, Precision.FP32, Optimizer.LION, Parallelism.single()).breakdown().optimizerState());
        assertEquals(12, states(1e9, Precision.FP32, Optimizer.MOMENTUM, Parallelism.single()).bytesPerParam());
        assertEquals(6, states(1e9, Precision.BF16, Optimizer.ADAGRAD, Parallelism.single()).bytesPerParam());
    }

    @Test // Adafactor keeps rows + cols per matrix: far below one state per parameter, and it needs the shapes
    void adafactorIsFactored() {
        Model gpt2 = ModelPresets.builtIn().find("gpt2-small").model();
        double state = MemoryEstimate.of(gpt2, Precision.FP32, Optimizer.ADAFACTOR, Parallelism.single(),
                Optional.empty()).breakdown().optimizerState();
        assertTrue(state > 0 && state < 0.01 * 4 * gpt2.totalParams(), "state " + state);
        assertThrows(IllegalArgumentException.class,
                () -> states(1e9, Precision.FP32, Optimizer.ADAFACTOR, Parallelism.single()));
    }

    @Test // tensor and pipeline parallelism divide the states; ZeRO-3 divides them again by DP
    void modelParallelismDividesStates() {
        Parallelism p = Parallelism.of(64, 8, 4, 0, true);
        assertEquals(2, p.dataParallel());
        MemoryEstimate m = states(64e9, Precision.BF16_MIXED, Optimizer.ADAMW, p);
        assertEquals(16 * 64e9 / 32, m.breakdown().total(), 1);
    }

    @Test
    void parallelSizesMustDivideTheGpus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallelism.of(1024, 3, 1, 0, true));
        assertEquals("--tensor-parallel 3 x --pipeline-parallel 1 = 3 does not divide --gpus 1024; "
                + "pick sizes whose product divides the GPU count", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Parallelism(8, 8, 1, 1, 4, true));
    }

    @Test // activations of the whole model: L layers' worth plus the logits, linear in the batch
    void activationsScaleWithBatch() {
        Model gpt2 = ModelPresets.builtIn().find("gpt2-small").model();
        double one = MemoryEstimate.of(gpt2, Precision.FP32, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(new ActivationSettings(1, 1024, Recompute.NONE, false, false))).breakdown().activations();
        double four = MemoryEstimate.of(gpt2, Precision.FP32, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(new ActivationSettings(4, 1024, Recompute.NONE, false, false))).breakdown().activations();
        assertEquals(4 * one, four, 1e-6 * four);
        MemoryEstimate m = MemoryEstimate.of(gpt2, Precision.FP32, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(new ActivationSettings(2, 1024, Recompute.NONE, false, false)));
        // logits: s·b·V·(4 + 4) bytes in fp32
        assertEquals(1024.0 * 2 * 50257 * 8, m.breakdown().logits());
    }

    @Test // --bytes-per-param as a given: the lecture's 12 bytes for 5.33e10 parameters fill 8 x 80e9 bytes
    void givenBytesPerParameterFillsTheLecturesEightH100s() {
        Model m = Model.ofParams(8 * 80e9 / 12);
        MemoryEstimate e = MemoryEstimate.withGivenBytesPerParam(m, 12, Precision.BF16, Optimizer.ADAMW,
                new Parallelism(8, 8, 1, 1, 3, true), Optional.empty());
        assertEquals(80e9, e.breakdown().total(), 1);
        assertEquals(80e9, e.breakdown().givenModelStates(), 1);
        assertEquals(0, e.breakdown().weights());
        String refused = assertThrows(IllegalArgumentException.class, () -> MemoryEstimate.withGivenBytesPerParam(m, 12,
                Precision.BF16, Optimizer.ADAMW, new Parallelism(8, 8, 1, 1, 1, true), Optional.empty())).getMessage();
        assertTrue(refused.startsWith("--bytes-per-param with --zero 1"), refused);
        // and the same layout spelled out: bf16 weights and gradients, fp32 moments, no master copy
        MemoryEstimate spelled = MemoryEstimate.of(m, Precision.BF16_FP32_STATE, Optimizer.ADAMW, Parallelism.single(),
                Optional.empty());
        assertEquals(12, spelled.bytesPerParam());
    }

    @Test // Mixtral 8x7B by its counts (Jiang et al. 2024): memory holds all 46.7B, FLOPs follow the 12.9B active
    void mixtureOfExpertsByItsCounts() {
        Model m = Model.ofParams(46.7e9, 12.9e9);
        MemoryEstimate e = MemoryEstimate.of(m, Precision.BF16_MIXED, Optimizer.ADAMW, Parallelism.single(),
                Optional.empty());
        assertEquals(16 * 46.7e9, e.breakdown().total(), 1e3);
        assertEquals(6 * 12.9e9, dev.napkin.estimator.flops.FlopsFormula.SIX_PT.perToken(m, 4096).model(), 1);
        assertThrows(IllegalArgumentException.class, () -> Model.ofParams(12.9e9, 46.7e9));
    }
}
