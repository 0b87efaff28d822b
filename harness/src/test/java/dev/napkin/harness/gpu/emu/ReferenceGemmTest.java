package dev.napkin.harness.gpu.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.harness.gpu.Bf16;
import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.GemmCall;
import dev.napkin.harness.gpu.GemmCall.Op;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The reference GEMM against cuBLAS's definition (cuBLAS library guide, cublasGemmStridedBatchedEx): the test
 * builds op(A) and op(B) as plain matrices, stores A and B column-major the way each transposition flag says
 * (A(i, j) at i + j·lda), with leading dimensions above the minimum and padding that must not be read, and checks C
 * against alpha·op(A)·op(B) + beta·C computed in double.
 */
@SuppressWarnings("restricted") // FFM: the test reads and writes its own native allocations by address
class ReferenceGemmTest {
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    @ParameterizedTest(name = "op(A) {0}, op(B) {1}, {2} inputs, {3} output")
    @CsvSource({"N, N, F32, F32", "T, N, F32, F32", "N, T, F32, F32", "T, T, F32, F32", "N, T, BF16, F32",
            "T, N, BF16, BF16"})
    void stridedBatchedProductFollowsCublasColumnMajorSemantics(Op transA, Op transB, DataType in, DataType out) {
        int m = 5;
        int n = 7;
        int k = 3;
        int batches = 3;
        int lda = (transA == Op.N ? m : k) + 2; // two padding rows per column, never read
        int ldb = (transB == Op.N ? k : n) + 1;
        int ldc = m + 3;
        long strideA = (long) lda * (transA == Op.N ? k : m) + 4;
        long strideB = (long) ldb * (transB == Op.N ? n : k) + 5;
        long strideC = (long) ldc * n + 6;
        float alpha = 0.5f;
        float beta = 2f;
        Random r = new Random(42);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = filled(arena, strideA * batches, in, Float.NaN); // padding is NaN: reading it shows
            MemorySegment b = filled(arena, strideB * batches, in, Float.NaN);
            MemorySegment c = filled(arena, strideC * batches, out, Float.NaN);
            double[][][] opA = new double[batches][m][k];
            double[][][] opB = new double[batches][k][n];
            double[][][] c0 = new double[batches][m][n];
            for (int t = 0; t < batches; t++) {
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < k; p++) {
                        float v = representable(r.nextFloat() * 2 - 1, in);
                        opA[t][i][p] = v;
                        // op(A) = A: A(i, p); op(A) = Aᵀ: A(p, i). A(row, col) lives at row + col·lda
                        long at = transA == Op.N ? i + (long) p * lda : p + (long) i * lda;
                        store(a, strideA * t + at, in, v);
                    }
                }
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        float v = representable(r.nextFloat() * 2 - 1, in);
                        opB[t][p][j] = v;
                        long at = transB == Op.N ? p + (long) j * ldb : j + (long) p * ldb;
                        store(b, strideB * t + at, in, v);
                    }
                }
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float v = representable(r.nextFloat(), out);
                        c0[t][i][j] = v;
                        store(c, strideC * t + i + (long) j * ldc, out, v);
                    }
                }
            }
            GemmCall call = GemmCall.builder().ops(transA, transB).size(m, n, k).alpha(alpha).beta(beta)
                    .a(new DevicePointer(a.address()), in, lda, strideA).b(new DevicePointer(b.address()), in, ldb, strideB)
                    .c(new DevicePointer(c.address()), out, ldc, strideC).batches(batches).build();
            ReferenceGemm.run(MEMORY, call);
            for (int t = 0; t < batches; t++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double expected = beta * c0[t][i][j];
                        for (int p = 0; p < k; p++) {
                            expected += alpha * opA[t][i][p] * opB[t][p][j];
                        }
                        float got = load(c, strideC * t + i + (long) j * ldc, out);
                        // fp32: a few roundings of values below 4; bf16 output: half an ulp of 2^-8 relative
                        double tolerance = out == DataType.F32 ? 1e-5 : Math.abs(expected) * 0x1p-8 + 1e-7;
                        assertEquals(expected, got, tolerance, "batch " + t + " C(" + i + ", " + j + ")");
                    }
                }
                // the padding rows of C are left alone
                assertTrue(Float.isNaN(load(c, strideC * t + m, out)), "padding of C written");
            }
        }
    }

    @Test
    void betaZeroDoesNotReadC() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = filled(arena, 1, DataType.F32, 3f);
            MemorySegment b = filled(arena, 1, DataType.F32, 4f);
            MemorySegment c = filled(arena, 1, DataType.F32, Float.NaN);
            ReferenceGemm.run(MEMORY, GemmCall.builder().size(1, 1, 1).a(ptr(a), DataType.F32, 1)
                    .b(ptr(b), DataType.F32, 1).c(ptr(c), DataType.F32, 1).build());
            assertEquals(12f, load(c, 0, DataType.F32));
        }
    }

    @Test
    void tf32ComputeRoundsInputsToTenMantissaBits() {
        try (Arena arena = Arena.ofConfined()) {
            float slightlyAboveOne = 1 + 0x1p-12f; // below TF32's resolution of 2^-10 near 1
            MemorySegment a = filled(arena, 1, DataType.F32, slightlyAboveOne);
            MemorySegment b = filled(arena, 1, DataType.F32, 1f);
            MemorySegment c = filled(arena, 1, DataType.F32, 0f);
            GemmCall.Builder g = GemmCall.builder().size(1, 1, 1).a(ptr(a), DataType.F32, 1).b(ptr(b), DataType.F32, 1)
                    .c(ptr(c), DataType.F32, 1);
            ReferenceGemm.run(MEMORY, g.compute(GemmCall.ComputeType.F32).build());
            assertEquals(slightlyAboveOne, load(c, 0, DataType.F32));
            ReferenceGemm.run(MEMORY, g.compute(GemmCall.ComputeType.F32_FAST_TF32).build());
            assertEquals(1f, load(c, 0, DataType.F32));
        }
    }

    @Test
    void argumentsCublasRejectsAreRefusedNamingTheArgument() {
        DevicePointer p = new DevicePointer(64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmCall.builder().size(4, 2, 3)
                .a(p, DataType.F32, 3).b(p, DataType.F32, 3).c(p, DataType.F32, 4).build()).getMessage()
                .contains("lda 3 is below m 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmCall.builder().ops(Op.N, Op.T).size(4, 5, 3)
                .a(p, DataType.F32, 4).b(p, DataType.F32, 3).c(p, DataType.F32, 4).build()).getMessage()
                .contains("ldb 3 is below n 5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmCall.builder().size(4, 5, 3)
                .a(p, DataType.F32, 4).b(p, DataType.F32, 3).c(p, DataType.F32, 2).build()).getMessage()
                .contains("ldc 2 is below m 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GemmCall.builder().size(1, 1, 1)
                .a(p, DataType.BF16, 1).b(p, DataType.BF16, 1).c(p, DataType.F32, 1)
                .compute(GemmCall.ComputeType.F32_FAST_TF32).build()).getMessage().contains("TF32 compute takes fp32"));
    }

    private static DevicePointer ptr(MemorySegment s) {
        return new DevicePointer(s.address());
    }

    private static float representable(float x, DataType type) {
        return type == DataType.F32 ? x : Bf16.round(x);
    }

    private static MemorySegment filled(Arena arena, long elements, DataType type, float value) {
        MemorySegment s = arena.allocate(elements * type.bytes, 8);
        for (long i = 0; i < elements; i++) {
            store(s, i, type, value);
        }
        return s;
    }

    private static void store(MemorySegment s, long index, DataType type, float value) {
        if (type == DataType.F32) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, index, value);
        } else {
            s.setAtIndex(ValueLayout.JAVA_SHORT, index, Bf16.fromFloat(value));
        }
    }

    private static float load(MemorySegment s, long index, DataType type) {
        return type == DataType.F32 ? s.getAtIndex(ValueLayout.JAVA_FLOAT, index)
                : Bf16.toFloat(s.getAtIndex(ValueLayout.JAVA_SHORT, index));
    }
}
