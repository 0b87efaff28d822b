package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.KernelLauncher;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * flash_attention.cu against {@link Attention#attentionForward} and {@link Attention#attentionBackward} on the same
 * qkv, on the emulator: out, dQ, dK and dV against the twin; lse against log Σ exp of the scaled scores in double (the
 * twin keeps no lse). Two shapes: HS = 16 (32-row tiles), T = 45; HS = 80 (16-row tiles, lanes past HS idle), T = 21;
 * both with T not a multiple of the tile, so the last tile is partial. dqkv starts as NaN: every element must be
 * written.
 *
 * <p>Inputs are random multiples of 2^-6 in [-1, 1] (7 significant bits, so bf16 holds them too): every product
 * q·k or dO·v is then exact in fp32, and every sum of up to 128 of them as well (at most 2^19 units of 2^-12), in any
 * order. So the scores Q·Kᵀ and dP = dO·Vᵀ are the same floats on both sides, and so are the scaled scores s (one
 * product by the same float 1/sqrt(HS): for HS = 72, 96 or 112 the kernel's 1/sqrtf(HS) and the twin's
 * (float) (1/Math.sqrt(HS)) differ by an ulp, which these shapes avoid). What differs is what the kernel does
 * differently: the online softmax over key tiles, exp (6 u, {@link KernelBench#EXP_ROUNDINGS}), sums in other orders,
 * and the backward's recomputation of P from lse and of rowsum(P∘dP) as rowsum(dO∘out).
 *
 * <p>Bounds, first order, in units of u = 2^-24; σ = the largest |s|, n = ⌈T/R⌉ key tiles, RJ = R/8 scores a
 * thread holds per tile row, L = the largest |lse|. Each is a worst case (every rounding the same way), far above what
 * random data shows.
 * <ul>
 * <li>P, twin: s − max rounds (2σ), exp (5), the sum (T − 1), 1/sum and the product (2); the weights' errors count
 * twice (numerator and normaliser): ε_twin = 4σ + T + 11.
 * <li>P, kernel forward: s − m (2σ) and exp (2: glibc's expf is within 0.502 ulp) per weight, up to n − 1 rescales
 * by exp(m_old − m_new) (2σ + 3 each, the product included), again twice; the running sum (RJ + 3 + n), 1/l and the
 * product (2): ε_kernel = 2[(2σ + 2) + (n − 1)(2σ + 3)] + RJ + n + 5.
 * <li>out = Σ_j P_j·V_j: T + 1 roundings a side more: ε_twin + ε_kernel + 2T + 1 of Σ_j P_j|V_j|.
 * <li>lse = m + log l against double: the scale and the product (3σ), l as above (2σ + 2 + (n − 1)(2σ + 3) +
 * RJ + 3 + n), logf (0.82 ulp: 2 log T) and the sum (|lse|), the reference's rounding to float (|lse|): at most
 * Λ = (2n + 3)σ + 4n + RJ + 2 + 2 log T + 2|lse|, so max(2n + 3, 4n + RJ + 2) of |lse| + σ + log T + 1.
 * <li>P, kernel backward, exp(s − lse): the argument (σ + L), exp (2), lse's error (Λ at |lse| = L):
 * π = σ + L + 2 + Λ.
 * <li>rowsum(P∘dP): the twin's Σ_j P_j·dP_j (ε_twin + T), the kernel's Σ_d dO_d·out_d (out's error ε_kernel + T + 1,
 * the sum HS), against D = Σ_j P_j·E_j, E_j = Σ_d |dO_d||V_jd| (≥ |dP_j|).
 * <li>dS = P(dP − rowsum): P's difference (ε_twin + π), the rowsum's, and 6 roundings over both sides:
 * K_dS = (ε_twin + π) + (ε_twin + T) + (ε_kernel + T + 1 + HS) + 6 of P·(E + D).
 * <li>dQ = scale·Σ_j dS_j·K_j, dK = scale·Σ_t dS_t·Q_t: T + 1 more a side: K_dS + 2T + 2 of scale·Σ P(E + D)|K|
 * (or |Q|); dV = Σ_t P_t·dO_t: (ε_twin + π) + 2T + 2 of Σ_t P_t|dO_t|.
 * </ul>
 * bf16: u_bf16 for each stored output, and for dQ and dK once more: the kernel's rowsum reads the bf16 out, within
 * u_bf16·D of the fp32 one.
 */
class FlashAttentionKernelTest {
    private static final double U = KernelBench.FP32_UNIT;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @ParameterizedTest(name = "{0}, B={1} T={2} NH={3} HS={4}")
    @CsvSource({"F32, 2, 45, 2, 16", "BF16, 2, 45, 2, 16", "F32, 1, 21, 2, 80", "BF16, 1, 21, 2, 80"})
    void forwardAndBackwardMatchTheTwin(DataType type, int b, int t, int nh, int hs) {
        int c = nh * hs;
        int rows = b * t;
        try (KernelBench bench = KernelBench.open(type, 13 + hs)) {
            float[] qkv = dyadic(bench, rows * 3 * c);
            float[] dout = dyadic(bench, rows * c);

            float[] out = new float[rows * c];
            float[] att = new float[b * nh * t * t];
            float[] dqkv = new float[rows * 3 * c];
            WorkerScratch[] scratch = WorkerScratch.forTeam(1, t, hs);
            Attention.attentionForward(bench.team, scratch, out, att, qkv, b, t, c, nh);
            Attention.attentionBackward(bench.team, scratch, dqkv, dout, qkv, att.clone(), b, t, c, nh);

            DevicePointer qkvDevice = bench.upload(qkv);
            DevicePointer doutDevice = bench.upload(dout);
            DevicePointer outDevice = bench.device.allocate((long) type.bytes * rows * c);
            DevicePointer lseDevice = bench.device.allocate(4L * b * nh * t);
            DevicePointer deltaDevice = bench.device.allocate(4L * b * nh * t);
            float[] nan = new float[rows * 3 * c];
            Arrays.fill(nan, Float.NaN);
            DevicePointer dqkvDevice = bench.upload(nan);
            bench.kernels.flashAttentionForward(outDevice, lseDevice, qkvDevice, b, t, nh, hs);
            bench.kernels.flashAttentionBackward(dqkvDevice, deltaDevice, doutDevice, outDevice, qkvDevice, lseDevice,
                    b, t, nh, hs);

            Reference ref = new Reference(qkv, dout, b, t, nh, hs);
            int r = KernelLauncher.flashTileRows(hs);
            int tiles = (t + r - 1) / r;
            double sigma = ref.sigma;
            double epsTwin = 4 * sigma + t + 11;
            double epsKernel = 2 * ((2 * sigma + 2) + (tiles - 1) * (2 * sigma + 3)) + r / 8 + tiles + 5;
            double lambda = (2 * tiles + 3) * sigma + 4 * tiles + r / 8 + 2 + 2 * Math.log(t) + 2 * ref.largestLse;
            double lseRoundings = Math.max(2 * tiles + 3, 4 * tiles + r / 8 + 2);
            double pi = sigma + ref.largestLse + 2 + lambda;
            double kdS = (epsTwin + pi) + (epsTwin + t) + (epsKernel + t + 1 + hs) + 6;
            double bf = bench.storageUnit();
            String shape = "HS=" + hs;

            bench.agree("flash_attention_forward", "out " + shape, out, bench.download(outDevice, rows * c),
                    ref.outMagnitude, bf + (epsTwin + epsKernel + 2 * t + 1) * U);
            bench.agree("flash_attention_forward", "lse " + shape, ref.lse, bench.downloadF32(lseDevice, b * nh * t),
                    ref.lseMagnitude, lseRoundings * U);
            float[] actual = bench.download(dqkvDevice, rows * 3 * c);
            String[] names = {"dQ", "dK", "dV"};
            double[] tolerances = {2 * bf + (kdS + 2 * t + 2) * U, 2 * bf + (kdS + 2 * t + 2) * U,
                    bf + (epsTwin + pi + 2 * t + 2) * U};
            for (int part = 0; part < 3; part++) {
                bench.agree("flash_attention_backward", names[part] + " " + shape, columns(dqkv, rows, c, part),
                        columns(actual, rows, c, part), columns(ref.dqkvMagnitude, rows, c, part), tolerances[part]);
            }
        }
    }

    /** Random multiples of 2^-6 in [-1, 1]. */
    private static float[] dyadic(KernelBench bench, int n) {
        int[] k = bench.ints(n, 129);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (k[i] - 64) / 64f;
        }
        return x;
    }

    /** Part (0 Q, 1 K, 2 V) of a (rows, 3C) tensor, as (rows, C). */
    private static float[] columns(float[] qkv, int rows, int c, int part) {
        float[] r = new float[rows * c];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(qkv, i * 3 * c + part * c, r, i * c, c);
        }
        return r;
    }

    private static double[] columns(double[] qkv, int rows, int c, int part) {
        double[] r = new double[rows * c];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(qkv, i * 3 * c + part * c, r, i * c, c);
        }
        return r;
    }

    /** In double from the inputs: P, lse, σ and the magnitudes the tolerances scale. */
    private static final class Reference {
        final float[] lse;
        final double[] lseMagnitude; // σ + log T + 1
        final double[] outMagnitude;
        final double[] dqkvMagnitude; // (B*T, 3C): dQ, dK, dV
        double sigma;
        double largestLse;

        Reference(float[] qkv, float[] dout, int b, int t, int nh, int hs) {
            int c = nh * hs;
            float scale = (float) (1 / Math.sqrt(hs));
            lse = new float[b * nh * t];
            lseMagnitude = new double[b * nh * t];
            outMagnitude = new double[b * t * c];
            dqkvMagnitude = new double[b * t * 3 * c];
            double[][] p = new double[t][t];
            double[][] e = new double[t][t];
            double[] d = new double[t];
            for (int bi = 0; bi < b; bi++) {
                for (int h = 0; h < nh; h++) {
                    int q0 = h * hs;
                    int k0 = c + h * hs;
                    int v0 = 2 * c + h * hs;
                    for (int i = 0; i < t; i++) {
                        double max = Double.NEGATIVE_INFINITY;
                        double[] s = new double[i + 1];
                        for (int j = 0; j <= i; j++) {
                            double dot = 0;
                            double dp = 0;
                            for (int x = 0; x < hs; x++) {
                                dot += (double) at(qkv, bi, i, q0 + x, t, c) * at(qkv, bi, j, k0 + x, t, c);
                                dp += Math.abs((double) dout[(bi * t + i) * c + h * hs + x]
                                        * at(qkv, bi, j, v0 + x, t, c));
                            }
                            s[j] = scale * dot;
                            e[i][j] = dp;
                            max = Math.max(max, s[j]);
                            sigma = Math.max(sigma, Math.abs(s[j]));
                        }
                        double sum = 0;
                        for (int j = 0; j <= i; j++) {
                            sum += Math.exp(s[j] - max);
                        }
                        double l = max + Math.log(sum);
                        lse[(bi * nh + h) * t + i] = (float) l;
                        largestLse = Math.max(largestLse, Math.abs(l));
                        d[i] = 0;
                        for (int j = 0; j <= i; j++) {
                            p[i][j] = Math.exp(s[j] - l);
                            d[i] += p[i][j] * e[i][j];
                        }
                    }
                    for (int i = 0; i < t; i++) {
                        for (int x = 0; x < hs; x++) {
                            double o = 0;
                            double dq = 0;
                            for (int j = 0; j <= i; j++) {
                                o += p[i][j] * Math.abs(at(qkv, bi, j, v0 + x, t, c));
                                dq += p[i][j] * (e[i][j] + d[i]) * Math.abs(at(qkv, bi, j, k0 + x, t, c));
                            }
                            double dk = 0;
                            double dv = 0;
                            for (int j = i; j < t; j++) { // i is the key here, j the query
                                dk += p[j][i] * (e[j][i] + d[j]) * Math.abs(at(qkv, bi, j, q0 + x, t, c));
                                dv += p[j][i] * Math.abs(dout[(bi * t + j) * c + h * hs + x]);
                            }
                            outMagnitude[(bi * t + i) * c + h * hs + x] = o;
                            int row = (bi * t + i) * 3 * c;
                            dqkvMagnitude[row + q0 + x] = scale * dq;
                            dqkvMagnitude[row + k0 + x] = scale * dk;
                            dqkvMagnitude[row + v0 + x] = dv;
                        }
                    }
                }
            }
            Arrays.fill(lseMagnitude, sigma + Math.log(t) + 1);
        }

        private static float at(float[] qkv, int b, int row, int col, int t, int c) {
            return qkv[(b * t + row) * 3 * c + col];
        }
    }
}
