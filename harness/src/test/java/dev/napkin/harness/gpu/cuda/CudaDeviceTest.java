package dev.napkin.harness.gpu.cuda;

import static dev.napkin.harness.gpu.cuda.HostMatrices.load;
import static dev.napkin.harness.gpu.cuda.HostMatrices.ptr;
import static dev.napkin.harness.gpu.cuda.HostMatrices.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.Bf16;
import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.Device;
import dev.napkin.harness.gpu.DeviceException;
import dev.napkin.harness.gpu.DeviceOutOfMemoryException;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.Dim3;
import dev.napkin.harness.gpu.GemmCall;
import dev.napkin.harness.gpu.GemmCall.ComputeType;
import dev.napkin.harness.gpu.GemmCall.Op;
import dev.napkin.harness.gpu.KernelArgs;
import dev.napkin.harness.gpu.emu.ReferenceGemms;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CUDA device on a real GPU; skipped where there is none. Identification, memory, copies (native and Java-array
 * memory, at offsets, larger than the staging buffer), launches with each kind of argument and with dynamic shared
 * memory above 48 KiB, errors that name the kernel, out-of-memory that leaves the device usable, events, and
 * cuBLAS's products against the reference GEMM. The whole training step on the GPU is GpuStepCudaTest.
 */
@SuppressWarnings("restricted") // FFM: host copies of device buffers, read by address for the reference GEMM
class CudaDeviceTest {
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static CudaDevice gpu;

    @BeforeEach
    void open() { // per test, so that each shows as skipped, with the reason
        assumeTrue(CudaDevice.available(), "no CUDA driver on this machine");
        if (gpu != null) {
            return;
        }
        gpu = CudaDevice.open(0);
        System.out.printf(Locale.ROOT, "CUDA device 0: %s, sm_%d, driver CUDA %s, %s, napkin GPU id %s%n", gpu.name(),
                gpu.computeCapability(), CudaDriver.cudaVersion(gpu.driverVersion()), gpu.gemmDescription(),
                GpuIdentity.specId(gpu.name()).orElse("(none)"));
    }

    @AfterAll
    static void close() {
        if (gpu != null) {
            gpu.close();
        }
    }

    @Test
    void identifiesItself() {
        assertTrue(!gpu.name().isBlank() && gpu.computeCapability() >= 80 && gpu.driverVersion() >= 12000);
        assertTrue(gpu.cublasInfo().orElseThrow().version() >= 120000, gpu.gemmDescription());
        Device.MemoryInfo m = gpu.memoryInfo();
        assertTrue(m.freeBytes() > 0 && m.freeBytes() <= m.totalBytes(), m.toString());
    }

    @Test
    void copiesRoundTripFromNativeAndArrayMemoryAtOffsets() {
        int n = 3 * (int) (CudaDevice.STAGING_BYTES / 4) + 5; // a Java array larger than the staging buffer
        float[] values = new float[n];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            values[i] = r.nextFloat();
        }
        DevicePointer p = gpu.allocate(4L * n + 64);
        DevicePointer q = gpu.allocate(8 + 4096);
        try (Arena arena = Arena.ofConfined()) {
            gpu.copyToDevice(p.plus(64), MemorySegment.ofArray(values)); // a device address inside the allocation
            float[] back = new float[n];
            gpu.copyToHost(MemorySegment.ofArray(back), p.plus(64));
            assertArrayEquals(values, back);

            float[] window = new float[10]; // a slice of an array: the segment starts inside it
            gpu.copyToHost(MemorySegment.ofArray(window).asSlice(12, 16), p.plus(64 + 40));
            assertArrayEquals(new float[] {values[10], values[11], values[12], values[13]},
                    new float[] {window[3], window[4], window[5], window[6]});
            assertEquals(0f, window[2]);
            assertEquals(0f, window[7]);

            float[] part = new float[1024];
            gpu.zero(p.plus(64), 4L * 100);
            gpu.copyToHost(MemorySegment.ofArray(part).asSlice(0, 404), p.plus(64));
            assertEquals(0f, part[99]);
            assertEquals(values[100], part[100]);

            MemorySegment nativeHost = arena.allocate(4096, 64);
            MemorySegment.copy(MemorySegment.ofArray(values), 0, nativeHost, 0, 4096);
            gpu.copyToDevice(q.plus(8), nativeHost);
            MemorySegment nativeBack = arena.allocate(4096, 64);
            gpu.copyToHost(nativeBack, q.plus(8));
            assertEquals(-1, nativeHost.mismatch(nativeBack));
        } finally {
            gpu.free(p);
            gpu.free(q);
        }
    }

    @Test
    void kernelsRunWithPointerIntAndLongArgumentsAndCopiesSeeTheirResults() {
        int n = 10_000;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i * 0.25f;
            b[i] = 1f / (i + 1);
        }
        DevicePointer da = upload(a);
        DevicePointer db = upload(b);
        DevicePointer out = gpu.allocate(4L * n);
        DevicePointer half = gpu.allocate(2L * n);
        try {
            // residual.cu: out = a + b; no synchronize before the copy: the copy waits for the stream's work
            gpu.launch("residual_forward_f32", Dim3.covering(n, 2048), Dim3.of(256), 0,
                    KernelArgs.of().ptr(out).ptr(da).ptr(db).i32(n));
            float[] sum = new float[n];
            gpu.copyToHost(MemorySegment.ofArray(sum), out);
            for (int i = 0; i < n; i++) {
                assertEquals(a[i] + b[i], sum[i], "out[" + i + "]");
            }
            // cast.cu, with a 64-bit count
            gpu.launch("cast_f32_to_bf16", Dim3.covering(n, 2048), Dim3.of(256), 0,
                    KernelArgs.of().ptr(half).ptr(out).i64(n));
            short[] bf16 = new short[n];
            gpu.copyToHost(MemorySegment.ofArray(bf16), half);
            for (int i = 0; i < n; i++) {
                assertEquals(Bf16.fromFloat(sum[i]), bf16[i], "bf16[" + i + "]");
            }
            // 100 KiB of dynamic shared memory the kernel does not use: only the opt-in makes the launch legal
            gpu.zero(out, 4L * n);
            gpu.launch("residual_forward_f32", Dim3.covering(n, 2048), Dim3.of(256), 100 << 10,
                    KernelArgs.of().ptr(out).ptr(da).ptr(db).i32(n));
            gpu.copyToHost(MemorySegment.ofArray(sum), out);
            assertEquals(a[n - 1] + b[n - 1], sum[n - 1]);
        } finally {
            for (DevicePointer p : new DevicePointer[] {da, db, out, half}) {
                gpu.free(p);
            }
        }
    }

    @Test
    void anUnknownKernelIsNamedInTheError() {
        DeviceException e = assertThrows(DeviceException.class, () -> gpu.launch("no_such_kernel", Dim3.of(1),
                Dim3.of(32), 0, KernelArgs.of()));
        assertTrue(e.getMessage().startsWith("kernel no_such_kernel grid (1,1,1) block (32,1,1) shared 0: "
                + "cuModuleGetFunction"), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA_ERROR_NOT_FOUND"), e.getMessage());
    }

    @Test
    void anAllocationTooLargeIsOutOfMemoryAndTheDeviceCarriesOn() {
        long total = gpu.memoryInfo().totalBytes();
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> gpu.allocate(2 * total));
        assertEquals(2 * total, e.requestedBytes());
        assertTrue(e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY"), e.getMessage());
        DevicePointer p = gpu.allocate(1 << 20);
        gpu.zero(p, 1 << 20);
        gpu.synchronize();
        gpu.free(p);
    }

    @Test
    void eventsTimeTheWorkBetweenThem() {
        int n = 1 << 24;
        DevicePointer p = gpu.allocate(4L * n);
        try {
            Device.Event start = gpu.record();
            for (int i = 0; i < 20; i++) {
                gpu.launch("residual_forward_f32", Dim3.covering(n, 2048), Dim3.of(256), 0,
                        KernelArgs.of().ptr(p).ptr(p).ptr(p).i32(n));
            }
            Device.Event end = gpu.record();
            double ms = gpu.elapsedMillis(start, end);
            assertTrue(ms > 0 && ms < 10_000, ms + " ms");
        } finally {
            gpu.free(p);
        }
    }

    @ParameterizedTest(name = "op(A) {0}, op(B) {1}, {2} -> {3}, {4}, batch {5}")
    @CsvSource({"N, N, F32, F32, F32, 1", "T, N, F32, F32, F32, 3", "N, T, F32, F32, F32_FAST_TF32, 2",
        "T, T, BF16, F32, F32, 1", "N, T, BF16, BF16, F32, 4"})
    void cublasProductsAgreeWithTheReference(Op transA, Op transB, DataType in, DataType out, ComputeType compute,
                                             int batches) {
        int m = 96;
        int n = 80;
        int k = 200;
        int lda = (transA == Op.N ? m : k) + 8;
        int ldb = (transB == Op.N ? k : n) + 8;
        int ldc = m + 8;
        long strideA = (long) lda * (transA == Op.N ? k : m);
        long strideB = (long) ldb * (transB == Op.N ? n : k);
        long strideC = (long) ldc * n;
        float alpha = 0.75f;
        float beta = 0.5f;
        Random r = new Random(3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = random(arena, strideA * batches, in, r);
            MemorySegment b = random(arena, strideB * batches, in, r);
            MemorySegment c = random(arena, strideC * batches, out, r);
            DevicePointer da = gpu.allocate(a.byteSize());
            DevicePointer db = gpu.allocate(b.byteSize());
            DevicePointer dc = gpu.allocate(c.byteSize());
            try {
                gpu.copyToDevice(da, a);
                gpu.copyToDevice(db, b);
                gpu.copyToDevice(dc, c);
                GemmCall.Builder call = GemmCall.builder().ops(transA, transB).size(m, n, k).alpha(alpha).beta(beta)
                        .batches(batches).compute(compute);
                gpu.gemm(call.a(da, in, lda, strideA).b(db, in, ldb, strideB).c(dc, out, ldc, strideC).build());
                MemorySegment got = arena.allocate(c.byteSize(), 8);
                gpu.copyToHost(got, dc);
                ReferenceGemms.run(MEMORY, call.a(ptr(a), in, lda, strideA).b(ptr(b), in, ldb, strideB)
                        .c(ptr(c), out, ldc, strideC).build());
                // |alpha|·Σ|a·b| over k terms of uniform(-1, 1) products is about |alpha|·k/4; k/3 bounds it safely.
                // fp32 accumulation in another order: k·2^-24 of that; TF32 inputs rounded otherwise than the
                // reference rounds them: up to 2^-9 of it; a bf16 result: one bf16 ulp, 2^-7 of the value
                double sumBound = Math.abs(alpha) * k / 3.0 + Math.abs(beta);
                double accumulation = compute == ComputeType.F32_FAST_TF32 ? 0x1p-9 + 2e-5 : 2e-5;
                double rounding = out == DataType.BF16 ? 0x1p-7 : 0;
                for (long i = 0; i < strideC * batches; i++) {
                    float expected = load(c, i, out);
                    double bound = accumulation * sumBound + rounding * Math.abs(expected) + 1e-6;
                    assertEquals(expected, load(got, i, out), bound, "C element " + i);
                }
            } finally {
                gpu.free(da);
                gpu.free(db);
                gpu.free(dc);
            }
        }
    }

    @Test
    void aClosedDeviceRefusesWork() {
        CudaDevice second = CudaDevice.open(0);
        DevicePointer p = second.allocate(1024);
        second.close(); // frees p, releases its hold on the primary context
        assertThrows(IllegalStateException.class, () -> second.allocate(1024));
        assertTrue(p.address() != 0);
        gpu.synchronize(); // the first device's context is still alive
    }

    private static DevicePointer upload(float[] values) {
        DevicePointer p = gpu.allocate(4L * values.length);
        gpu.copyToDevice(p, MemorySegment.ofArray(values));
        return p;
    }
}
