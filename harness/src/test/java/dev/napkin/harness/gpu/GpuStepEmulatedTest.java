package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.emu.EmulatedDevice;
import dev.napkin.harness.gpu.emu.EmulatorLibrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole GPU training step on the emulated device against the CPU trainer ({@link GpuStepComparison}). */
class GpuStepEmulatedTest {
    @BeforeAll
    static void library() {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
    }

    @ParameterizedTest(name = "{0}, {1} attention")
    @CsvSource({"fp32, naive, 5e-6", "fp32, fused, 5e-6", "bf16-mixed, naive, 2e-2", "bf16-mixed, fused, 2e-2"})
    void lossGradientsAndUpdatesMatchTheCpuTrainer(String precision, String attention, double bound) {
        try (EmulatedDevice device = EmulatorLibrary.device(1L << 30)) {
            GpuStepComparison.compare(device, "the emulator", GpuStepComparison.tiny(2, 48, 4, 67, 16), precision,
                    attention, bound);
        }
    }
}
