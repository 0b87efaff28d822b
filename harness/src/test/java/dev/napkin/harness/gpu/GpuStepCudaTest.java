package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.cuda.CudaDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole GPU training step on a real GPU (every kernel of the fatbin that GpuModel launches, and cuBLAS) against
 * the CPU trainer, with the emulator's tolerances; skipped where there is no GPU. The 128-channel heads take the
 * fused attention kernels' larger-head path.
 */
class GpuStepCudaTest {
    private static CudaDevice gpu;

    @BeforeEach
    void open() { // per test, so that each shows as skipped, with the reason
        assumeTrue(CudaDevice.available(), "no CUDA driver on this machine");
        if (gpu == null) {
            gpu = CudaDevice.open(0);
        }
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
    }

    @ParameterizedTest(name = "C {0}, {1} heads, {2}, {3} attention")
    @CsvSource({"48, 4, fp32, naive, 5e-6", "48, 4, fp32, fused, 5e-6", "48, 4, bf16-mixed, naive, 2e-2",
        "48, 4, bf16-mixed, fused, 2e-2", "48, 4, tf32, naive, 2e-2", "256, 2, bf16-mixed, fused, 2e-2"})
    void lossGradientsAndUpdatesMatchTheCpuTrainer(int c, int heads, String precision, String attention,
                                                   double bound) {
        GpuStepComparison.compare(gpu, "CUDA " + gpu.name(), GpuStepComparison.tiny(2, c, heads, 67, 16), precision,
                attention, bound);
    }
}
