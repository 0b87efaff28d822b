package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * gelu.cu against {@link Gelu} (the arithmetic of {@link VectorMath#gelu} and {@link VectorMath#geluBackward}), on
 * the emulator: N = 2003 inputs from normal(0, 3) plus 0, ±50 (2u clamped to ±80), -10 and -0.7518 (where GELU' is
 * near 0); the pack path with a tail on aligned buffers, the element-by-element path one element past alignment, where
 * the backward also runs in place (dinp = dout).
 *
 * <p>Both sides evaluate the same fp32 expressions in the same order, 2u included; they differ in exp: VectorMath.exp
 * against glibc's expf, 6 u apart ({@link KernelBench#EXP_ROUNDINGS}).
 * Forward, x·e/(e + 1): its relative sensitivity to e is 1/(e + 1) ≤ 1, then three roundings on each side:
 * 6 + 2·3 = 12 u of |GELU(x)| = 7.2e-7.
 * Backward, dout·(s + 2x·s·q·k·(1 + 3a·x²)), q = 1/(e + 1), s = e·q: each term's relative sensitivity to e is at
 * most 1 (s: 1/(e+1); s·q: |1 − e|/(1 + e)); on each side s carries 3 roundings, the second term 12, the sum and the
 * product by dout one each, 14 in all: 6 + 2·14 = 34 u = 2.0e-6 of m = |dout|·(|s| + |second term|), the magnitude
 * that the sum of two terms of opposite sign (x < 0) keeps as its error.
 * bf16 (inputs rounded to bf16, the twin given the same values): u_bf16 more for the stored result.
 */
class GeluKernelTest {
    private static final int N = 2003;
    private static final double K = Math.sqrt(2 / Math.PI);
    private static final double A = 0.044715;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    private static float[] inputs(KernelBench bench) {
        float[] x = bench.normal(N, 0, 3);
        float[] special = {0f, 50f, -50f, -10f, -0.7518f};
        for (int i = 0; i < special.length; i++) {
            x[i * 401] = bench.stored(special[i]);
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void forwardMatchesTheTwin(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 6)) {
            float[] x = inputs(bench);
            float[] expected = new float[N];
            Gelu.geluForward(bench.team, WorkerScratch.forTeam(1, 1, 1), expected, x, N);
            double tolerance = bench.storageUnit() + (KernelBench.EXP_ROUNDINGS + 6) * KernelBench.FP32_UNIT;

            DevicePointer out = bench.device.allocate((long) type.bytes * N);
            bench.kernels.geluForward(out, bench.upload(x), N);
            bench.agree("gelu_forward", "out", expected, bench.download(out, N), null, tolerance);

            DevicePointer in1 = bench.device.allocate((long) type.bytes * (N + 1)).plus(type.bytes);
            DevicePointer out1 = bench.device.allocate((long) type.bytes * (N + 1)).plus(type.bytes);
            bench.write(in1, x);
            bench.kernels.geluForward(out1, in1, N);
            bench.agree("gelu_forward", "out, unaligned", expected, bench.download(out1, N), null, tolerance);
        }
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void backwardMatchesTheTwinOutOfPlaceAndInPlace(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 7)) {
            float[] x = inputs(bench);
            float[] dout = bench.normal(N, 0, 1);
            float[] expected = dout.clone();
            Gelu.geluBackward(bench.team, WorkerScratch.forTeam(1, 1, 1), expected, x, N);
            double[] magnitude = new double[N];
            for (int i = 0; i < N; i++) {
                double v = x[i];
                double e = Math.exp(Math.min(Math.max(2 * K * (v + A * v * v * v), -80), 80));
                double q = 1 / (e + 1);
                double s = e * q;
                magnitude[i] = Math.abs(dout[i]) * (s + Math.abs(2 * v * s * q * K * (1 + 3 * A * v * v)));
            }
            double tolerance = bench.storageUnit() + (KernelBench.EXP_ROUNDINGS + 28) * KernelBench.FP32_UNIT;

            DevicePointer dinp = bench.device.allocate((long) type.bytes * N);
            bench.kernels.geluBackward(dinp, bench.upload(x), bench.upload(dout), N);
            bench.agree("gelu_backward", "dinp", expected, bench.download(dinp, N), magnitude, tolerance);

            DevicePointer in1 = bench.device.allocate((long) type.bytes * (N + 1)).plus(type.bytes);
            DevicePointer d1 = bench.device.allocate((long) type.bytes * (N + 1)).plus(type.bytes);
            bench.write(in1, x);
            bench.write(d1, dout);
            bench.kernels.geluBackward(d1, in1, d1, N);
            bench.agree("gelu_backward", "dinp = dout, unaligned", expected, bench.download(d1, N), magnitude,
                    tolerance);
        }
    }
}
