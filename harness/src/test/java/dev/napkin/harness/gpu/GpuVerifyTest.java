package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.emu.EmulatedDevice;
import dev.napkin.harness.gpu.emu.EmulatorLibrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --verify}'s comparison, run on the emulated device: it passes a correct trainer and catches a bug.
 * The model is smaller than the one verified on a GPU, so that the emulator runs it in seconds.
 */
class GpuVerifyTest {
    private static final dev.napkin.estimator.model.ModelShape SHAPE = GpuStepComparison.tiny(2, 64, 4, 97, 32);
    @BeforeAll
    static void library() {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
    }

    @Test
    void aCorrectTrainerPassesInEveryPrecision() {
        try (EmulatedDevice device = EmulatorLibrary.device(1L << 30)) {
            for (GpuPrecision p : GpuPrecision.values()) {
                GpuVerify.Result r = GpuVerify.run(device, new GpuOptions(p, AttentionKind.FUSED), SHAPE, 2, 24, 1);
                assertTrue(r.passed(), p + ": worst tensor " + r.worstTensor() + ", loss error " + r.lossError());
                assertEquals(GpuVerify.STEPS, r.stepLosses().size());
                // wte, wpe, 12 tensors in each of the 2 layers, the final norm's two
                assertEquals(2 + 2 * 12 + 2, r.gradients().size(), "one row per parameter tensor");
            }
        }
    }

    @Test
    void aKernelBugIsCaughtAndTheTensorIsNamed() {
        // the GELU backward skipped: every gradient below the first MLP is wrong, lnf's and the head's are not
        try (EmulatedDevice inner = EmulatorLibrary.device(1L << 30); Device faulty = new SkippingDevice(inner)) {
            GpuVerify.Result r = GpuVerify.run(faulty, new GpuOptions(GpuPrecision.FP32, AttentionKind.NAIVE), SHAPE, 2, 24, 1);
            assertFalse(r.passed());
            assertTrue(r.worstTensor().tensor().startsWith("layer"), r.worstTensor().toString());
            assertTrue(r.gradients().stream().filter(e -> e.tensor().equals("lnf.weight")).findFirst().orElseThrow()
                    .relativeError() < 1e-5, "the final norm's gradient comes before the planted bug");
        }
    }

    /** A device that drops every launch of gelu_backward, as a kernel that writes nothing would. */
    private static final class SkippingDevice extends ForwardingDevice {
        SkippingDevice(Device inner) {
            super(inner);
        }

        @Override
        public void launch(String name, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
            if (!name.startsWith("gelu_backward")) {
                inner.launch(name, grid, block, sharedBytes, args);
            }
        }
    }
}
