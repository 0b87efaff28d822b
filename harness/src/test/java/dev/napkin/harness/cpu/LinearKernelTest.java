package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.Dim3;
import dev.napkin.harness.gpu.KernelArgs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bias kernels of linear.cu against {@link Linear}, on the emulator: N = 75 rows (not a multiple of the 32 warps
 * of bias_backward), OC = 300 (not a multiple of add_bias's 256-thread block, nor of 32).
 *
 * <p>add_bias against the bias part of {@link Linear#linearForward}: with W = I (OC x OC) the twin computes
 * out = b + x·I, each element the bias plus one product by 1 and products by 0, all exact: one rounding, b + x, as the
 * kernel's.
 * Tolerance 0 (bf16: the kernel's sum rounded to nearest even, against {@code Bf16.round} of the twin's).
 * The production grid has a block row per output row (grid y = N up to 65535); a second launch with grid y = 4 makes
 * every block stride over rows as it does above 65535 rows (a real N > 65535 runs 65535 blocks of 256 emulated
 * threads: 3.8 s for one launch here, too slow for a unit test).
 *
 * <p>bias_backward against {@link Linear#biasBackward}: dbias += Σ over the N rows. The twin adds the rows in order
 * onto the old value (each term through at most N roundings); the kernel sums each warp's rows from zero (at most
 * ⌈N/32⌉ - 1 roundings), then the 32 warp sums from zero (31), then adds that to the old value (1). The difference is
 * within (N + ⌈N/32⌉ + 31)·u·(|old| + Σ|dout|) = 109 u = 6.5e-6 of that magnitude; dbias is fp32 in both precisions.
 */
class LinearKernelTest {
    private static final int N = 75;
    private static final int OC = 300;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void addBiasIsTheTwinsBiasPlusIdentityProduct(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 4)) {
            float[] x = bench.normal(N * OC, 0, 1);
            float[] bias = bench.normal(OC, 0, 1);
            float[] params = new float[OC * OC + OC]; // W = I (OC, OC), then b
            for (int i = 0; i < OC; i++) {
                params[i * OC + i] = 1;
            }
            System.arraycopy(bias, 0, params, OC * OC, OC);
            Gpt2Parameters.Tensor weight = new Gpt2Parameters.Tensor("w", 0, OC, OC, Gpt2Parameters.Init.NORMAL);
            Gpt2Parameters.Tensor b = new Gpt2Parameters.Tensor("b", OC * OC, 1, OC, Gpt2Parameters.Init.ZEROS);
            float[] expected = new float[N * OC];
            Linear.linearForward(bench.team, WorkerScratch.forTeam(1, 1, 1), expected, x, params, weight, b, N);
            expected = bench.stored(expected);

            DevicePointer biasDevice = bench.upload(bias);
            DevicePointer out = bench.upload(x);
            bench.kernels.addBias(out, biasDevice, N, OC);
            bench.agree("add_bias", "out", expected, bench.download(out, N * OC), null, 0);

            DevicePointer strided = bench.upload(x);
            bench.device.launch("add_bias_" + type.suffix(), Dim3.of((OC + 255) / 256, 4), Dim3.of(256), 0,
                    KernelArgs.of().ptr(strided).ptr(biasDevice).i32(N).i32(OC));
            bench.agree("add_bias", "out, grid y 4 < N", expected, bench.download(strided, N * OC), null, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void biasBackwardAddsTheColumnSums(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 5)) {
            float[] dout = bench.normal(N * OC, 0, 1);
            float[] dbias = bench.normalF32(OC, 1); // non-zero: the kernel adds (+=)
            DevicePointer dbiasDevice = bench.uploadF32(dbias);
            bench.kernels.biasBackward(dbiasDevice, bench.upload(dout), N, OC);

            double[] magnitude = new double[OC];
            for (int oc = 0; oc < OC; oc++) {
                magnitude[oc] = Math.abs(dbias[oc]);
                for (int n = 0; n < N; n++) {
                    magnitude[oc] += Math.abs(dout[n * OC + oc]);
                }
            }
            float[] expected = dbias.clone();
            Linear.biasBackward(bench.team, expected, 0, dout, N, OC);
            double tolerance = (N + (N + 31) / 32 + 31) * KernelBench.FP32_UNIT;
            bench.agree("bias_backward", "dbias", expected, bench.downloadF32(dbiasDevice, OC), magnitude, tolerance);
        }
    }
}
