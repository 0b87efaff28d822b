package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.GemmCall.ComputeType;
import dev.napkin.harness.gpu.GemmCall.Op;
import dev.napkin.harness.gpu.emu.EmulatedDevice;
import dev.napkin.harness.gpu.emu.EmulatorLibrary;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * napkin's GEMM kernels (gemm.cu) on the emulator against the reference GEMM ({@code EmulatedDevice.gemm}): the same
 * {@link GemmCall} runs through both into two copies of C, and every element of the two buffers is compared,
 * padding and the gaps between batches included (NaN there: a kernel that reads or writes it shows).
 *
 * <p>Tolerances. fp32 output: a sum of k products in another order differs by at most γ(k) = k·2^-24 relative to
 * Σ|a·b| (Higham, "Accuracy and stability of numerical algorithms", 3.1), and the alpha and beta steps add two more
 * roundings: bound (k + 2)·2^-24·(|alpha|·Σ|a·b| + |beta·c|). The SIMT kernels add in the reference's order with
 * one fma a product, so they meet it with room to spare (their sums are the reference's bit for bit; the epilogue
 * may round once differently). bf16 output: the fp32 bound plus one bf16 ulp of the result, for the final
 * rounding of two fp32 values on either side of a bf16 tie.
 */
class KernelGemmTest {
    private static final long CAPACITY = 64L << 20;

    @BeforeAll
    static void library() {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
    }

    /** The operand types and compute of the trainer's GEMMs (GpuModel): one kernel each. */
    enum Variant {
        F32(DataType.F32, DataType.F32, ComputeType.F32),
        TF32(DataType.F32, DataType.F32, ComputeType.F32_FAST_TF32),
        BF16(DataType.BF16, DataType.BF16, ComputeType.F32),
        BF16_F32OUT(DataType.BF16, DataType.F32, ComputeType.F32);

        final DataType in;
        final DataType out;
        final ComputeType compute;

        Variant(DataType in, DataType out, ComputeType compute) {
            this.in = in;
            this.out = out;
            this.compute = compute;
        }
    }

    /**
     * One GEMM to try: leading dimensions {@code pad} above the minimum and batch strides {@code pad} beyond the
     * span; with {@code aligned}, both rounded up to multiples of 8 (the mma kernels' 16-byte loads need that).
     * {@code nanC}: C starts as NaN everywhere (with beta 0 it must not be read).
     */
    record Problem(Op transA, Op transB, int m, int n, int k, int pad, boolean aligned, int batches, float alpha,
                   float beta, boolean nanC) {
        static Problem of(Op transA, Op transB, int m, int n, int k) {
            return new Problem(transA, transB, m, n, k, 3, false, 3, 0.75f, -0.5f, false);
        }

        Problem withBatches(int count) {
            return new Problem(transA, transB, m, n, k, pad, aligned, count, alpha, beta, nanC);
        }

        Problem betaZeroOnNaN() {
            return new Problem(transA, transB, m, n, k, pad, aligned, batches, alpha, 0f, true);
        }

        Problem aligned8() {
            return new Problem(transA, transB, m, n, k, pad, true, batches, alpha, beta, nanC);
        }

        int round(long x) {
            return Math.toIntExact(aligned ? (x + 7) / 8 * 8 : x);
        }
    }

    static Stream<Arguments> variantsAndTranspositions() {
        List<Arguments> all = new ArrayList<>();
        for (Variant v : Variant.values()) {
            for (Op a : Op.values()) {
                for (Op b : Op.values()) {
                    all.add(Arguments.of(v, a, b, false));
                    if (v.in == DataType.BF16) {
                        all.add(Arguments.of(v, a, b, true)); // the mma kernels' names (their SIMT twin here)
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, op(A) {1}, op(B) {2}, tensor cores {3}")
    @MethodSource("variantsAndTranspositions")
    void oddSizesPaddedStridedBatchesWithAlphaAndBetaMatchTheReference(Variant v, Op transA, Op transB,
                                                                       boolean tensorCores) {
        // odd m, n, k below one tile; three batches, lda, ldb, ldc 3 above the minimum, 3-element gaps
        Problem p = Problem.of(transA, transB, 37, 53, 29);
        compare(p, v, KernelGemm.kernel(call(p, v, DevicePointer.NULL, DevicePointer.NULL, DevicePointer.NULL),
                tensorCores));
    }

    static Stream<Arguments> tileCrossings() {
        List<Arguments> all = new ArrayList<>();
        for (Variant v : Variant.values()) {
            for (Op[] ops : new Op[][] {{Op.N, Op.T}, {Op.T, Op.N}}) {
                all.add(Arguments.of(v, ops[0], ops[1], false));
                if (v.in == DataType.BF16) {
                    all.add(Arguments.of(v, ops[0], ops[1], true));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, op(A) {1}, op(B) {2}, tensor cores {3}")
    @MethodSource("tileCrossings")
    void sizesCrossingTileBoundariesWithBetaZeroOnNaNMatchTheReference(Variant v, Op transA, Op transB,
                                                                       boolean tensorCores) {
        // m crosses 64 and 128, n crosses 64, k crosses several 16-wide steps; C is NaN and beta 0
        Problem p = Problem.of(transA, transB, 131, 70, 67).withBatches(2).betaZeroOnNaN();
        compare(p, v, KernelGemm.kernel(call(p, v, DevicePointer.NULL, DevicePointer.NULL, DevicePointer.NULL),
                tensorCores));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void degenerateSizesMatchTheReference(Variant v) {
        for (Problem p : List.of(Problem.of(Op.N, Op.T, 65, 3, 1), Problem.of(Op.T, Op.N, 1, 1, 1),
                Problem.of(Op.N, Op.N, 7, 5, 0))) { // k 0: C = beta·C
            compare(p, v, KernelGemm.kernel(call(p, v, DevicePointer.NULL, DevicePointer.NULL, DevicePointer.NULL),
                    false));
        }
    }

    static Stream<Variant> variants() {
        return Stream.of(Variant.values());
    }

    static Stream<Arguments> mmaModelCases() {
        List<Arguments> all = new ArrayList<>();
        for (DataType out : List.of(DataType.BF16, DataType.F32)) {
            for (Op a : Op.values()) {
                for (Op b : Op.values()) {
                    all.add(Arguments.of(out, a, b, false));
                    all.add(Arguments.of(out, a, b, true));
                }
            }
        }
        return all.stream();
    }

    /**
     * The tensor-core kernels' tile code on the emulator's models of ldmatrix and mma.sync (gemm_mma_model.cu):
     * m and n cross the 128 tile, k three 32-wide steps with a ragged end; leading dimensions that allow the 16-byte
     * loads, and ones that do not.
     */
    @ParameterizedTest(name = "{0} output, op(A) {1}, op(B) {2}, 16-byte loads {3}")
    @MethodSource("mmaModelCases")
    void mmaTileCodeOnTheInstructionModelsMatchesTheReference(DataType out, Op transA, Op transB, boolean aligned) {
        Problem p = Problem.of(transA, transB, 150, 136, 40).withBatches(2);
        if (aligned) {
            p = p.aligned8();
        }
        Variant v = out == DataType.BF16 ? Variant.BF16 : Variant.BF16_F32OUT;
        compare(p, v, out == DataType.BF16 ? "selftest_gemm_bf16_mma_model" : "selftest_gemm_bf16_f32out_mma_model");
    }

    @Test
    void tf32RoundsInputsToTenMantissaBitsTiesAwayFromZero() {
        // TF32 steps by 2^-10 near 1: 1 + 2^-12 rounds down to 1; 1 + 2^-11 is a tie and goes away from zero
        float[][] cases = {{1 + 0x1p-12f, 1f}, {1 + 0x1p-11f, 1 + 0x1p-10f}, {-(1 + 0x1p-11f), -(1 + 0x1p-10f)}};
        try (EmulatedDevice d = EmulatorLibrary.device(CAPACITY)) {
            for (float[] c : cases) {
                DevicePointer a = upload(d, new float[] {c[0]});
                DevicePointer b = upload(d, new float[] {1f});
                DevicePointer out = upload(d, new float[] {Float.NaN});
                KernelGemm.run(d, GemmCall.builder().size(1, 1, 1).a(a, DataType.F32, 1).b(b, DataType.F32, 1)
                        .c(out, DataType.F32, 1).compute(ComputeType.F32_FAST_TF32).build(), false);
                assertEquals(c[1], download(d, out, 1)[0], 0f, "TF32 of " + c[0]);
                assertEquals(Bf16.roundTf32(c[0]), c[1], 0f, "Bf16.roundTf32 agrees");
            }
        }
    }

    @Test
    void kernelsAreNamedByOperandTypesAndGridsBeyondCudasLimitsAreRefused() {
        DevicePointer p = new DevicePointer(256);
        assertEquals("gemm_f32", KernelGemm.kernel(call(Problem.of(Op.N, Op.N, 1, 1, 1), Variant.TF32, p, p, p), true));
        assertEquals("gemm_bf16_mma", KernelGemm.kernel(call(Problem.of(Op.N, Op.N, 1, 1, 1), Variant.BF16, p, p, p),
                true));
        assertEquals("gemm_bf16_f32out", KernelGemm.kernel(call(Problem.of(Op.N, Op.N, 1, 1, 1), Variant.BF16_F32OUT,
                p, p, p), false));
        GemmCall tooManyBatches = GemmCall.builder().size(1, 1, 1).a(p, DataType.F32, 1).b(p, DataType.F32, 1)
                .c(p, DataType.F32, 1).batches(65536).build();
        String message = assertThrows(IllegalArgumentException.class, () -> KernelGemm.run(null, tooManyBatches,
                false)).getMessage();
        assertTrue(message.contains("batch count 65536") && !message.contains("\n"), message);
    }

    @Test
    void emptyProductsLaunchNothingAndLeaveCAlone() {
        try (EmulatedDevice d = EmulatorLibrary.device(CAPACITY)) {
            DevicePointer c = upload(d, new float[] {Float.NaN});
            KernelGemm.run(d, GemmCall.builder().size(0, 1, 1).a(c, DataType.F32, 1).b(c, DataType.F32, 1)
                    .c(c, DataType.F32, 1).build(), false);
            assertTrue(Float.isNaN(download(d, c, 1)[0]));
        }
    }

    // ---- the comparison -----------------------------------------------------------------------------------------

    private static GemmCall call(Problem p, Variant v, DevicePointer a, DevicePointer b, DevicePointer c) {
        Layout l = Layout.of(p);
        return GemmCall.builder().ops(p.transA(), p.transB()).size(p.m(), p.n(), p.k()).alpha(p.alpha())
                .beta(p.beta()).a(a, v.in, l.lda, l.strideA).b(b, v.in, l.ldb, l.strideB).c(c, v.out, l.ldc, l.strideC)
                .batches(p.batches()).compute(v.compute).build();
    }

    /** Leading dimensions and batch strides of a problem, in elements. */
    private record Layout(int lda, int ldb, int ldc, long strideA, long strideB, long strideC) {
        static Layout of(Problem p) {
            int lda = p.round((p.transA() == Op.N ? p.m() : p.k()) + p.pad());
            int ldb = p.round((p.transB() == Op.N ? p.k() : p.n()) + p.pad());
            int ldc = p.round(p.m() + p.pad());
            // stored columns: k of A (op N) or m (op T); at least one, so that k 0 still has a buffer
            long colsA = Math.max(1, p.transA() == Op.N ? p.k() : p.m());
            long colsB = Math.max(1, p.transB() == Op.N ? p.n() : p.k());
            return new Layout(lda, ldb, ldc, p.round(lda * colsA + p.pad()), p.round(ldb * colsB + p.pad()),
                    p.round((long) ldc * p.n() + p.pad()));
        }
    }

    /** Runs {@code kernel} and the reference on one problem; asserts every element of C, prints the largest error. */
    private static void compare(Problem p, Variant v, String kernel) {
        Layout l = Layout.of(p);
        int batches = p.batches();
        Random r = new Random(31L * p.m() + 7L * p.n() + p.k());
        float[] a = nans(l.strideA * batches);
        float[] b = nans(l.strideB * batches);
        float[] c = nans(l.strideC * batches);
        double[][][] opA = new double[batches][p.m()][p.k()];
        double[][][] opB = new double[batches][p.k()][p.n()];
        for (int t = 0; t < batches; t++) {
            for (int i = 0; i < p.m(); i++) {
                for (int q = 0; q < p.k(); q++) {
                    float x = representable(r.nextFloat() * 2 - 1, v.in);
                    a[(int) (l.strideA * t + (p.transA() == Op.N ? i + (long) q * l.lda : q + (long) i * l.lda))] = x;
                    opA[t][i][q] = v.compute == ComputeType.F32_FAST_TF32 ? Bf16.roundTf32(x) : x;
                }
            }
            for (int q = 0; q < p.k(); q++) {
                for (int j = 0; j < p.n(); j++) {
                    float x = representable(r.nextFloat() * 2 - 1, v.in);
                    b[(int) (l.strideB * t + (p.transB() == Op.N ? q + (long) j * l.ldb : j + (long) q * l.ldb))] = x;
                    opB[t][q][j] = v.compute == ComputeType.F32_FAST_TF32 ? Bf16.roundTf32(x) : x;
                }
            }
            for (int i = 0; i < p.m() && !p.nanC(); i++) {
                for (int j = 0; j < p.n(); j++) {
                    c[(int) (l.strideC * t + i + (long) j * l.ldc)] = representable(r.nextFloat() * 2 - 1, v.out);
                }
            }
        }
        float[] expected;
        float[] actual;
        try (EmulatedDevice d = EmulatorLibrary.device(CAPACITY)) {
            DevicePointer dA = upload(d, a, v.in);
            DevicePointer dB = upload(d, b, v.in);
            DevicePointer reference = upload(d, c, v.out);
            DevicePointer tested = upload(d, c, v.out);
            d.gemm(call(p, v, dA, dB, reference));
            KernelGemm.launch(d, call(p, v, dA, dB, tested), kernel);
            d.synchronize();
            expected = download(d, reference, c.length, v.out);
            actual = download(d, tested, c.length, v.out);
        }
        double largest = 0;
        double ofBound = 0;
        for (int t = 0; t < batches; t++) {
            for (int e = 0; e < l.strideC; e++) {
                int at = (int) (l.strideC * t + e);
                String where = kernel + " batch " + t + " element " + e;
                int i = e % l.ldc();
                int j = e / l.ldc();
                if (i >= p.m() || j >= p.n()) {
                    assertTrue(Float.isNaN(actual[at]), where + ": padding of C written");
                    continue;
                }
                assertFalse(Float.isNaN(actual[at]), where + " is NaN (padding of A or B read, or C with beta 0)");
                double sum = p.beta() == 0 ? 0 : Math.abs(p.beta() * (double) c[at]); // beta 0: C is NaN
                for (int q = 0; q < p.k(); q++) {
                    sum += Math.abs(p.alpha() * opA[t][i][q] * opB[t][q][j]);
                }
                double bound = (p.k() + 2) * 0x1p-24 * sum;
                if (v.out == DataType.BF16) {
                    bound += Math.ulp(expected[at]) * 0x1p16; // fp32 has 16 more mantissa bits than bf16
                }
                double error = Math.abs(actual[at] - (double) expected[at]);
                assertTrue(error <= bound, where + " C(" + i + ", " + j + "): " + actual[at] + ", reference "
                        + expected[at] + ", error " + error + " above " + bound);
                largest = Math.max(largest, error);
                ofBound = bound > 0 ? Math.max(ofBound, error / bound) : ofBound;
            }
        }
        System.out.printf(Locale.ROOT, "%s on %s %s m %d n %d k %d x%d: largest error %.3g (%.3g of the bound)%n",
                kernel, p.transA(), p.transB(), p.m(), p.n(), p.k(), batches, largest, ofBound);
    }

    private static float representable(float x, DataType type) {
        return type == DataType.F32 ? x : Bf16.round(x);
    }

    private static float[] nans(long n) {
        float[] x = new float[Math.toIntExact(n)];
        java.util.Arrays.fill(x, Float.NaN);
        return x;
    }

    private static DevicePointer upload(EmulatedDevice d, float[] host) {
        return upload(d, host, DataType.F32);
    }

    private static DevicePointer upload(EmulatedDevice d, float[] host, DataType type) {
        MemorySegment s;
        if (type == DataType.F32) {
            s = MemorySegment.ofArray(host);
        } else {
            short[] bits = new short[host.length];
            for (int i = 0; i < host.length; i++) {
                bits[i] = Bf16.fromFloat(host[i]);
            }
            s = MemorySegment.ofArray(bits);
        }
        DevicePointer p = d.allocate(Math.max(1, s.byteSize()));
        d.copyToDevice(p, s);
        return p;
    }

    private static float[] download(EmulatedDevice d, DevicePointer p, int n) {
        return download(d, p, n, DataType.F32);
    }

    private static float[] download(EmulatedDevice d, DevicePointer p, int n, DataType type) {
        float[] out = new float[n];
        if (type == DataType.F32) {
            d.copyToHost(MemorySegment.ofArray(out), p);
            return out;
        }
        short[] bits = new short[n];
        d.copyToHost(MemorySegment.ofArray(bits), p);
        for (int i = 0; i < n; i++) {
            out[i] = Bf16.toFloat(bits[i]);
        }
        return out;
    }
}
