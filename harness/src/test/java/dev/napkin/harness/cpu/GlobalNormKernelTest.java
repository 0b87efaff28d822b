package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.KernelLauncher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * global_norm.cu (global_norm_squared, then reduce_sum) against Σ g² in double, on the emulator: n = 100,003 fp32
 * gradients from normal(0, 1), over the trainer's 256 blocks and over 7.
 *
 * <p>Every term is positive, so the fp32 result is within K·u of the sum itself: each g² rounds once; a thread adds its
 * ⌈n / (256·G)⌉ terms from zero (one fewer roundings); the block's two butterflies 10; reduce_sum's thread adds its
 * ⌈G/1024⌉ partials from zero, then 10 more; the reference's rounding to float 1: K = ⌈n / (256·G)⌉ + ⌈G/1024⌉ + 20,
 * 23 u = 1.4e-6 for G = 256, 77 u = 4.6e-6 for G = 7.
 */
class GlobalNormKernelTest {
    private static final int N = 100_003;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @Test
    void squaredNormIsTheSumOfSquares() {
        try (KernelBench bench = KernelBench.open(DataType.F32, 40)) {
            float[] grads = bench.normalF32(N, 1);
            double sum = 0;
            for (float g : grads) {
                sum += (double) g * g;
            }
            DevicePointer gradsDevice = bench.uploadF32(grads);
            for (int blocks : new int[] {KernelLauncher.NORM_BLOCKS, 7}) {
                DevicePointer partials = bench.device.allocate(4L * blocks);
                DevicePointer out = bench.device.allocate(4);
                bench.kernels.globalNormSquared(out, partials, blocks, gradsDevice, N);
                int perThread = (N + 256 * blocks - 1) / (256 * blocks);
                double tolerance = (perThread + (blocks + 1023) / 1024 + 20) * KernelBench.FP32_UNIT;
                bench.agree("global_norm_squared + reduce_sum", "grid " + blocks, new float[] {(float) sum},
                        bench.downloadF32(out, 1), null, tolerance);
            }
        }
    }
}
