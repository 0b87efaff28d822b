package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * layernorm.cu against {@link LayerNorm}, on the emulator: N = 74 rows of C = 75 channels (not a multiple of a warp),
 * x from normal(0.5, 1), weight from normal(1, 0.2), bias from normal(0, 0.2).
 *
 * <p>Both sides run the same fp32 expressions; they differ in summation order: the twin adds a row's C terms in order
 * (C − 1 roundings), the kernel's lanes add ⌈C/32⌉ each and a butterfly adds the 32 lane sums (⌈C/32⌉ + 4). So the
 * two means differ by at most a·u·mean|x|, a = C + ⌈C/32⌉ + 5 (both sums and both divisions by C) = 83. The mean's
 * error enters the variance only at second order (Σ(x − μ') ² = Σ(x − μ)² + C(μ − μ')²); the squares' sums and the
 * three roundings of each term and of /C and +eps put the variances (a + 8)u apart, so the rstd values are
 * (a/2 + 7)u apart (sqrt and division: 3 roundings between the sides). Then, with n = (x − μ)·rstd and ρ = mean|x|·rstd
 * of the row: out = n·w + b differs by at most (a + 15)u·(|w|·(ρ + |n|) + |b|) = 98 u = 5.8e-6 of that magnitude.
 *
 * <p>Backward, with the twin's mean and rstd given to both: g = w·dout is the same on both sides; mean(g) differs by
 * a·u·mean|g|, mean(g·n) by (a + 4)u·mean|g·n| (the twin rounds g·(x − μ)·rstd, the kernel g·((x − μ)·rstd): 4 u
 * apart per term); dx = rstd·(g − mean(g) − n·mean(g·n)) rounds four times a side and dinp += dx once:
 * (a + 14)u = 97 u = 5.8e-6 of |dinp_old| + rstd·(|g| + mean|g| + |n|·mean|g·n|).
 * dweight and dbias add the same terms (n·dout, dout) onto the old value: the twin in row order (N roundings), the
 * kernel per warp, then over the 32 warps, then onto the old value (⌈N/32⌉ + 31): (N + ⌈N/32⌉ + 31)u = 108 u = 6.4e-6
 * of |old| + Σ|term|. bf16 (x, weight, bias, dout and dinp stored as bf16; mean, rstd and the parameter gradients
 * fp32): u_bf16 more for out and dinp.
 */
class LayerNormKernelTest {
    private static final int N = 74;
    private static final int C = 75;
    /** Roundings between the two means: both sums and both divisions by C. */
    private static final int A = (C - 1) + ((C + 31) / 32 + 4) + 2;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void forwardMatchesTheTwin(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 8)) {
            float[] x = bench.normal(N * C, 0.5, 1);
            float[] weight = bench.normal(C, 1, 0.2);
            float[] bias = bench.normal(C, 0, 0.2);
            float[] expected = new float[N * C];
            float[] mean = new float[N];
            float[] rstd = new float[N];
            LayerNorm.layerNormForward(bench.team, expected, mean, rstd, x, concat(weight, bias), 0, C, N, C);

            DevicePointer out = bench.device.allocate((long) type.bytes * N * C);
            DevicePointer meanDevice = bench.device.allocate(4L * N);
            DevicePointer rstdDevice = bench.device.allocate(4L * N);
            bench.kernels.layerNormForward(out, meanDevice, rstdDevice, bench.upload(x), bench.upload(weight),
                    bench.upload(bias), N, C);

            double[] outMagnitude = new double[N * C];
            double[] meanMagnitude = new double[N];
            for (int r = 0; r < N; r++) {
                double sum = 0;
                for (int i = 0; i < C; i++) {
                    sum += x[r * C + i];
                }
                double mu = sum / C;
                double squares = 0;
                double absolute = 0;
                for (int i = 0; i < C; i++) {
                    squares += (x[r * C + i] - mu) * (x[r * C + i] - mu);
                    absolute += Math.abs(x[r * C + i]);
                }
                double s = 1 / Math.sqrt(squares / C + LayerNorm.EPS);
                meanMagnitude[r] = absolute / C;
                for (int i = 0; i < C; i++) {
                    double n = (x[r * C + i] - mu) * s;
                    outMagnitude[r * C + i] = Math.abs(weight[i]) * (absolute / C * s + Math.abs(n))
                            + Math.abs(bias[i]);
                }
            }
            double u = KernelBench.FP32_UNIT;
            bench.agree("layernorm_forward", "out", expected, bench.download(out, N * C), outMagnitude,
                    bench.storageUnit() + (A + 15) * u);
            bench.agree("layernorm_forward", "mean", mean, bench.downloadF32(meanDevice, N), meanMagnitude, A * u);
            bench.agree("layernorm_forward", "rstd", rstd, bench.downloadF32(rstdDevice, N), null,
                    ((A + 1) / 2 + 7) * u);
        }
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void backwardAddsIntoEveryGradientAsTheTwin(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 9)) {
            float[] x = bench.normal(N * C, 0.5, 1);
            float[] weight = bench.normal(C, 1, 0.2);
            float[] dout = bench.normal(N * C, 0, 1);
            float[] mean = new float[N];
            float[] rstd = new float[N];
            LayerNorm.layerNormForward(bench.team, new float[N * C], mean, rstd, x, concat(weight, new float[C]), 0,
                    C, N, C);
            // every gradient starts non-zero: all three are added to (+=)
            float[] dinp = bench.normal(N * C, 0, 1);
            float[] dweight = bench.normalF32(C, 1);
            float[] dbias = bench.normalF32(C, 1);

            DevicePointer dinpDevice = bench.upload(dinp);
            DevicePointer dweightDevice = bench.uploadF32(dweight);
            DevicePointer dbiasDevice = bench.uploadF32(dbias);
            bench.kernels.layerNormBackward(dinpDevice, dweightDevice, dbiasDevice, bench.upload(dout),
                    bench.upload(x), bench.upload(weight), bench.uploadF32(mean), bench.uploadF32(rstd), N, C);

            float[] expectedDinp = dinp.clone();
            float[] grads = concat(dweight, dbias);
            LayerNorm.layerNormBackward(bench.team, expectedDinp, grads, 0, C, dout, x, mean, rstd, weight, 0, N, C);

            double[] dinpMagnitude = new double[N * C];
            double[] dweightMagnitude = new double[C];
            double[] dbiasMagnitude = new double[C];
            for (int i = 0; i < C; i++) {
                dweightMagnitude[i] = Math.abs(dweight[i]);
                dbiasMagnitude[i] = Math.abs(dbias[i]);
            }
            for (int r = 0; r < N; r++) {
                double meanG = 0;
                double meanGn = 0;
                for (int i = 0; i < C; i++) {
                    double g = (double) weight[i] * dout[r * C + i];
                    double n = (x[r * C + i] - (double) mean[r]) * rstd[r];
                    meanG += Math.abs(g) / C;
                    meanGn += Math.abs(g * n) / C;
                    dweightMagnitude[i] += Math.abs(n * dout[r * C + i]);
                    dbiasMagnitude[i] += Math.abs(dout[r * C + i]);
                }
                for (int i = 0; i < C; i++) {
                    double g = (double) weight[i] * dout[r * C + i];
                    double n = (x[r * C + i] - (double) mean[r]) * rstd[r];
                    dinpMagnitude[r * C + i] = Math.abs(dinp[r * C + i])
                            + rstd[r] * (Math.abs(g) + meanG + Math.abs(n) * meanGn);
                }
            }
            double u = KernelBench.FP32_UNIT;
            double sums = (N + (N + 31) / 32 + 31) * u;
            bench.agree("layernorm_backward", "dinp", expectedDinp, bench.download(dinpDevice, N * C), dinpMagnitude,
                    bench.storageUnit() + (A + 14) * u);
            bench.agree("layernorm_backward_params", "dweight", slice(grads, 0, C),
                    bench.downloadF32(dweightDevice, C), dweightMagnitude, sums);
            bench.agree("layernorm_backward_params", "dbias", slice(grads, C, C), bench.downloadF32(dbiasDevice, C),
                    dbiasMagnitude, sums);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = new float[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static float[] slice(float[] a, int from, int length) {
        float[] r = new float[length];
        System.arraycopy(a, from, r, 0, length);
        return r;
    }
}
