package dev.napkin.harness.gpu.cuda;

import static dev.napkin.harness.gpu.cuda.HostMatrices.load;
import static dev.napkin.harness.gpu.cuda.HostMatrices.ptr;
import static dev.napkin.harness.gpu.cuda.HostMatrices.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DeviceException;
import dev.napkin.harness.gpu.DeviceOutOfMemoryException;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.GemmCall;
import dev.napkin.harness.gpu.GemmCall.ComputeType;
import dev.napkin.harness.gpu.GemmCall.Op;
import dev.napkin.harness.gpu.emu.ReferenceGemms;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The FFM binding of cuBLAS against a fake libcublas.so.13 (src/test/native/fake_cublas.c) that computes on host
 * memory with cuBLAS's semantics in the same order of operations as napkin's ReferenceGemm: every product through the
 * binding must equal the reference bit for bit, padding included, so an argument passed in the wrong place (a
 * transposition flag, a leading dimension, a stride, a type, alpha for beta) fails here and not first on a GPU. The
 * handle's setup (stream, workspace, math mode), its version and file, and the mapping of statuses to exceptions are
 * checked through the same library.
 */
@SuppressWarnings("restricted") // FFM: the test reads and writes its own native allocations by address
class CublasBindingTest {
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static CublasLibrary library;

    @BeforeAll
    static void fakeCublas() {
        assumeTrue(FakeCublas.unavailableReason().isEmpty(), FakeCublas.unavailableReason().orElse(""));
        Path nowhere = Path.of("/nonexistent-napkin-test-root");
        library = CublasLibrary.load(new CublasSearch(Optional.of(FakeCublas.library()), CublasSearch.FILE_NAMES,
                Map.of(), nowhere, nowhere));
    }

    @Test
    void aHandleIsBoundToItsStreamAndWorkspaceAndSaysWhichCublasItIs() {
        int before = FakeCublas.intControl("fake_cublas_live_handles");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment workspace = arena.allocate(4096, 256);
            long stream = 0x5a5a_0000L; // any handle: the fake only records it
            try (Cublas cublas = Cublas.create(library, stream, workspace.address(), workspace.byteSize())) {
                assertEquals(before + 1, FakeCublas.intControl("fake_cublas_live_handles"));
                assertEquals(stream, FakeCublas.addressControl("fake_cublas_stream"));
                assertEquals(workspace.address(), FakeCublas.addressControl("fake_cublas_workspace"));
                assertEquals(4096, FakeCublas.sizeControl("fake_cublas_workspace_bytes"));
                assertEquals(Cublas.DEFAULT_MATH, FakeCublas.intControl("fake_cublas_math_mode"));
                CublasInfo info = cublas.info();
                assertEquals(130100, info.version());
                assertEquals("13.1.0", info.versionString());
                assertEquals(FakeCublas.library().toString(), info.file());
                assertEquals("cuBLAS 13.1.0 (" + FakeCublas.library() + ")", info.toString());
            }
            assertEquals(before, FakeCublas.intControl("fake_cublas_live_handles"), "the handle is destroyed");
        }
    }

    @ParameterizedTest(name = "op(A) {0}, op(B) {1}, {2} -> {3}, {4}, batch {5}, alpha {6}, beta {7}")
    @CsvSource({
        "N, N, F32, F32, F32, 1, 1, 0",
        "T, N, F32, F32, F32, 3, 0.5, 2",
        "N, T, F32, F32, F32, 2, 1, 1",
        "T, T, F32, F32, F32, 4, -1.5, 0.25",
        "N, T, F32, F32, F32_FAST_TF32, 2, 1, 0",
        "T, T, F32, F32, F32_FAST_TF32, 1, 2, -1",
        "T, N, BF16, F32, F32, 3, 1, 0",
        "N, N, BF16, BF16, F32, 1, 0.5, 2",
        "T, T, BF16, BF16, F32, 2, 1, 1",
        "N, T, BF16, F32, F32, 1, 1, 1"})
    void productsThroughTheBindingEqualTheReferenceBitForBit(Op transA, Op transB, DataType in, DataType out,
                                                             ComputeType compute, int batches, float alpha, float beta) {
        int m = 6;
        int n = 5;
        int k = 9;
        int lda = (transA == Op.N ? m : k) + 2; // padding rows, NaN, never read
        int ldb = (transB == Op.N ? k : n) + 3;
        int ldc = m + 1;
        long strideA = (long) lda * (transA == Op.N ? k : m) + 5;
        long strideB = (long) ldb * (transB == Op.N ? n : k) + 7;
        long strideC = (long) ldc * n + 3;
        Random r = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = random(arena, strideA * batches, in, r);
            MemorySegment b = random(arena, strideB * batches, in, r);
            MemorySegment c = random(arena, strideC * batches, out, r);
            if (beta == 0) {
                c.fill((byte) 0xFF); // NaN in either type: C must not be read
            }
            MemorySegment expected = arena.allocate(c.byteSize(), 8).copyFrom(c);
            GemmCall.Builder call = GemmCall.builder().ops(transA, transB).size(m, n, k).alpha(alpha).beta(beta)
                    .a(ptr(a), in, lda, strideA).b(ptr(b), in, ldb, strideB).batches(batches).compute(compute);
            String counter = batches == 1 ? "fake_cublas_gemm_ex_calls" : "fake_cublas_strided_calls";
            int calls = FakeCublas.intControl(counter);
            try (Cublas cublas = Cublas.create(library, 0, 0, 0)) {
                cublas.gemm(call.c(ptr(c), out, ldc, strideC).build());
            }
            ReferenceGemms.run(MEMORY, call.c(ptr(expected), out, ldc, strideC).build());
            assertEquals(calls + 1, FakeCublas.intControl(counter), "one call of the function for " + batches);
            assertEquals(-1, expected.mismatch(c), "C differs from the reference GEMM");
            assertFalse(Float.isNaN(load(c, 0, out)), "C(0, 0) was not written");
        }
    }

    @Test
    void emptyProductsReturnWithoutACall() {
        int calls = FakeCublas.intControl("fake_cublas_gemm_ex_calls");
        try (Cublas cublas = Cublas.create(library, 0, 0, 0)) {
            DevicePointer p = new DevicePointer(64);
            cublas.gemm(GemmCall.builder().size(0, 3, 2).a(p, DataType.F32, 1).b(p, DataType.F32, 2)
                    .c(p, DataType.F32, 1).build());
        }
        assertEquals(calls, FakeCublas.intControl("fake_cublas_gemm_ex_calls"));
    }

    @Test
    void allocFailedIsAnOutOfMemoryNamingTheCall() {
        try (Arena arena = Arena.ofConfined(); Cublas cublas = Cublas.create(library, 0, 0, 0)) {
            MemorySegment x = arena.allocate(4, 4);
            FakeCublas.failNext("cublasGemmEx", Cublas.STATUS_ALLOC_FAILED);
            DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> cublas.gemm(
                    GemmCall.builder().size(1, 1, 1).a(ptr(x), DataType.F32, 1).b(ptr(x), DataType.F32, 1)
                            .c(ptr(x), DataType.F32, 1).build()));
            assertEquals("cublasGemmEx (N,N m 1 n 1 k 1 batch 1, f32 -> f32, COMPUTE_32F) failed: "
                    + "CUBLAS_STATUS_ALLOC_FAILED", e.getMessage());
        }
    }

    @Test
    void otherStatusesAreDeviceErrorsNamingTheCallAndTheStatus() {
        try (Arena arena = Arena.ofConfined(); Cublas cublas = Cublas.create(library, 0, 0, 0)) {
            MemorySegment x = arena.allocate(64, 4);
            FakeCublas.failNext("cublasGemmStridedBatchedEx", 13);
            DeviceException e = assertThrows(DeviceException.class, () -> cublas.gemm(GemmCall.builder()
                    .ops(Op.T, Op.N).size(1, 1, 1).a(ptr(x), DataType.BF16, 1, 1).b(ptr(x), DataType.BF16, 1, 1)
                    .c(ptr(x), DataType.BF16, 1, 1).batches(2).build()));
            assertFalse(e instanceof DeviceOutOfMemoryException);
            assertEquals("cublasGemmStridedBatchedEx (T,N m 1 n 1 k 1 batch 2, bf16 -> bf16, COMPUTE_32F) failed: "
                    + "CUBLAS_STATUS_EXECUTION_FAILED", e.getMessage());
        }
    }

    @Test
    void aHandleWhoseSetupFailsIsDestroyed() {
        int before = FakeCublas.intControl("fake_cublas_live_handles");
        FakeCublas.failNext("cublasSetWorkspace_v2", 7);
        DeviceException e = assertThrows(DeviceException.class, () -> Cublas.create(library, 0, 0, 0));
        assertEquals("cublasSetWorkspace_v2 failed: CUBLAS_STATUS_INVALID_VALUE", e.getMessage());
        assertEquals(before, FakeCublas.intControl("fake_cublas_live_handles"));
        FakeCublas.failNext("cublasCreate_v2", 3);
        assertInstanceOf(DeviceOutOfMemoryException.class, assertThrows(DeviceException.class,
                () -> Cublas.create(library, 0, 0, 0)));
    }

    @Test
    void statusNamesAreCublasApisAndUnknownOnesSayTheirNumber() {
        assertEquals("CUBLAS_STATUS_NOT_SUPPORTED", Cublas.statusName(15));
        assertEquals("CUBLAS_STATUS_ARCH_MISMATCH", Cublas.statusName(8));
        assertEquals("cublasStatus_t 99", Cublas.statusName(99));
    }
}
