package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * attention.cu (the non-fused path) on the emulator: the layout changes against the qkv layout that {@link Attention}
 * reads (Q, K, V the three C-wide column groups, head h at columns h·HS of each), and the causal softmax against
 * {@link Attention}'s own softmax.
 *
 * <p>The twin's softmax has no entry point of its own: it runs inside {@link Attention#attentionForward} on the scores
 * Q·Kᵀ that it computes. With HS = T, Q = I and V = I per head (row t of Q and of V the unit vector e_t), its scores
 * are exactly Kᵀ (every score one product by 1 plus products by 0) and its dP = dOut·Vᵀ exactly dOut; so K = preattᵀ
 * hands it any preatt, and dOut any datt, as the very values the kernels read. Its att after the backward holds
 * dpreatt (its dS, scaled). B = 2, NH = 2, T = HS = 37 (not a multiple of a warp). Both kernels also run in place,
 * as their sources allow: att = preatt; dpreatt = datt and dpreatt = att.
 *
 * <p>Softmax forward: both sides scale, take the max and subtract it with the same fp32 operations; exp differs by
 * 6 u ({@link KernelBench#EXP_ROUNDINGS}); the row sums differ in order (the twin's T − 1 roundings, the kernel's
 * ⌈T/32⌉ + 4 per lane and butterfly); 1/sum and p·(1/sum) round twice a side. Relative to p:
 * 2·6 + (T + ⌈T/32⌉ + 3) + 4 = T + ⌈T/32⌉ + 19 = 58 u = 3.5e-6.
 * Softmax backward: scale·P is the same on both sides; the rowsum of P·dP differs by (T + ⌈T/32⌉ + 5)u·Σ|P·dP|
 * (order, as above, and the products); dP − rowsum and the product round twice a side:
 * (T + ⌈T/32⌉ + 9)u = 48 u = 2.9e-6 of m = scale·P·(Σ P|dP| + |dP|). bf16: u_bf16 more for the stored result; the
 * backward's P is the forward's rounded to bf16, given to both.
 *
 * <p>Layout changes move values and compute nothing: tolerance 0 (B = 2, T = 37, NH = 3, HS = 5).
 */
class AttentionKernelTest {
    private static final int B = 2;
    private static final int NH = 2;
    private static final int T = 37;
    private static final int HS = T;
    private static final int C = NH * HS;
    private static final int BNH = B * NH;
    private static final float SCALE = (float) (1 / Math.sqrt(HS));
    private static final int CEIL_T_32 = (T + 31) / 32;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void permutesMoveEveryElementWhereTheLayoutsSay(DataType type) {
        int b = 2;
        int t = 37;
        int nh = 3;
        int hs = 5;
        int c = nh * hs;
        int n = b * t * c;
        try (KernelBench bench = KernelBench.open(type, 10)) {
            float[] qkv = bench.normal(3 * n, 0, 1);
            float[][] expected = new float[3][n]; // q, k, v (B, NH, T, HS)
            for (int bi = 0; bi < b; bi++) {
                for (int ti = 0; ti < t; ti++) {
                    for (int h = 0; h < nh; h++) {
                        for (int d = 0; d < hs; d++) {
                            for (int part = 0; part < 3; part++) {
                                expected[part][((bi * nh + h) * t + ti) * hs + d] =
                                        qkv[(bi * t + ti) * 3 * c + part * c + h * hs + d];
                            }
                        }
                    }
                }
            }
            DevicePointer qkvDevice = bench.upload(qkv);
            DevicePointer[] parts = new DevicePointer[3];
            for (int part = 0; part < 3; part++) {
                parts[part] = bench.device.allocate((long) type.bytes * n);
            }
            bench.kernels.permute(parts[0], parts[1], parts[2], qkvDevice, b, t, nh, hs);
            String[] names = {"q", "k", "v"};
            for (int part = 0; part < 3; part++) {
                bench.agree("permute", names[part], expected[part], bench.download(parts[part], n), null, 0);
            }
            DevicePointer back = bench.device.allocate((long) type.bytes * 3 * n);
            bench.kernels.permuteBackward(back, parts[0], parts[1], parts[2], b, t, nh, hs);
            bench.agree("permute_backward", "dqkv", qkv, bench.download(back, 3 * n), null, 0);

            // unpermute: (B, NH, T, HS) -> (B, T, NH·HS), which is q's inverse on the Q columns
            float[] heads = expected[0];
            float[] rows = new float[n];
            for (int bi = 0; bi < b; bi++) {
                for (int ti = 0; ti < t; ti++) {
                    System.arraycopy(qkv, (bi * t + ti) * 3 * c, rows, (bi * t + ti) * c, c);
                }
            }
            DevicePointer out = bench.device.allocate((long) type.bytes * n);
            bench.kernels.unpermute(out, parts[0], b, t, nh, hs);
            bench.agree("unpermute", "out", rows, bench.download(out, n), null, 0);
            DevicePointer dinp = bench.device.allocate((long) type.bytes * n);
            bench.kernels.unpermuteBackward(dinp, out, b, t, nh, hs);
            bench.agree("unpermute_backward", "dinp", heads, bench.download(dinp, n), null, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void softmaxForwardMatchesTheTwinsCausalSoftmaxOutOfPlaceAndInPlace(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 11)) {
            // scaled scores about normal(0, 2); above the diagonal large values that both must ignore
            float[] preatt = bench.normal(BNH * T * T, 0, 2 / SCALE);
            for (int bh = 0; bh < BNH; bh++) {
                for (int t = 0; t < T; t++) {
                    for (int t2 = t + 1; t2 < T; t2++) {
                        preatt[(bh * T + t) * T + t2] = bench.stored(1e4f);
                    }
                }
            }
            float[] expected = twinForward(preatt);

            DevicePointer att = bench.device.allocate((long) type.bytes * BNH * T * T);
            bench.kernels.softmaxForward(att, bench.upload(preatt), SCALE, BNH, T);
            double tolerance = bench.storageUnit() + (T + CEIL_T_32 + 19) * KernelBench.FP32_UNIT;
            bench.agree("softmax_forward", "att", expected, bench.download(att, BNH * T * T), null, tolerance);

            DevicePointer inPlace = bench.upload(preatt);
            bench.kernels.softmaxForward(inPlace, inPlace, SCALE, BNH, T);
            bench.agree("softmax_forward", "att = preatt", expected, bench.download(inPlace, BNH * T * T), null,
                    tolerance);
        }
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void softmaxBackwardMatchesTheTwinOutOfPlaceAndOverEitherInput(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 12)) {
            float[] att = bench.stored(twinForward(bench.normal(BNH * T * T, 0, 2 / SCALE)));
            float[] datt = bench.normal(BNH * T * T, 0, 1);
            float[] expected = twinBackward(att, datt);

            double[] magnitude = new double[BNH * T * T];
            for (int row = 0; row < BNH * T; row++) {
                int t = row % T;
                double dot = 0;
                for (int j = 0; j <= t; j++) {
                    dot += Math.abs((double) att[row * T + j] * datt[row * T + j]);
                }
                for (int j = 0; j <= t; j++) {
                    magnitude[row * T + j] = SCALE * att[row * T + j] * (dot + Math.abs(datt[row * T + j]));
                }
            }
            double tolerance = bench.storageUnit() + (T + CEIL_T_32 + 9) * KernelBench.FP32_UNIT;

            DevicePointer attDevice = bench.upload(att);
            DevicePointer dpreatt = bench.device.allocate((long) type.bytes * BNH * T * T);
            bench.kernels.softmaxBackward(dpreatt, bench.upload(datt), attDevice, SCALE, BNH, T);
            bench.agree("softmax_backward", "dpreatt", expected, bench.download(dpreatt, BNH * T * T), magnitude,
                    tolerance);

            DevicePointer inPlace = bench.upload(datt);
            bench.kernels.softmaxBackward(inPlace, inPlace, attDevice, SCALE, BNH, T);
            bench.agree("softmax_backward", "dpreatt = datt", expected, bench.download(inPlace, BNH * T * T),
                    magnitude, tolerance);

            DevicePointer overAtt = bench.upload(att);
            bench.kernels.softmaxBackward(overAtt, bench.upload(datt), overAtt, SCALE, BNH, T);
            bench.agree("softmax_backward", "dpreatt = att", expected, bench.download(overAtt, BNH * T * T),
                    magnitude, tolerance);
        }
    }

    /** att (BNH, T, T) = the twin's causal softmax of SCALE·preatt, through Q = I, K = preattᵀ, V = I. */
    private static float[] twinForward(float[] preatt) {
        float[] qkv = new float[B * T * 3 * C];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int row = (b * T + t) * 3 * C;
                for (int h = 0; h < NH; h++) {
                    qkv[row + h * HS + t] = 1;
                    qkv[row + 2 * C + h * HS + t] = 1;
                    for (int d = 0; d < HS; d++) { // K[t][d] = score of query d on key t
                        qkv[row + C + h * HS + d] = preatt[((b * NH + h) * T + d) * T + t];
                    }
                }
            }
        }
        float[] att = new float[BNH * T * T];
        try (Parallel team = new Parallel(1)) {
            Attention.attentionForward(team, WorkerScratch.forTeam(1, T, HS), new float[B * T * C], att, qkv, B, T,
                    C, NH);
        }
        return att;
    }

    /** dpreatt (BNH, T, T) from the twin's backward, with P = att, dP = datt (through dOut = datt, V = I). */
    private static float[] twinBackward(float[] att, float[] datt) {
        float[] qkv = new float[B * T * 3 * C];
        float[] dout = new float[B * T * C];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < NH; h++) {
                    qkv[(b * T + t) * 3 * C + 2 * C + h * HS + t] = 1;
                    System.arraycopy(datt, ((b * NH + h) * T + t) * T, dout, (b * T + t) * C + h * HS, HS);
                }
            }
        }
        float[] dpreatt = att.clone(); // the twin overwrites P with dS
        try (Parallel team = new Parallel(1)) {
            Attention.attentionBackward(team, WorkerScratch.forTeam(1, T, HS), new float[B * T * 3 * C], dout, qkv,
                    dpreatt, B, T, C, NH);
        }
        return dpreatt;
    }
}
