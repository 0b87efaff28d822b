package dev.napkin.harness.gpu.cuda;

import dev.napkin.harness.gpu.DeviceException;
import dev.napkin.harness.gpu.DeviceOutOfMemoryException;
import dev.napkin.harness.gpu.GemmCall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * One cuBLAS handle, on the current CUDA context, issuing on one stream, with a workspace given to it up front
 * (cublasSetWorkspace_v2) so that it does not allocate device memory of its own while a batch search probes what
 * fits. Every status is checked; the message names the function and the status (cublas_api.h's names).
 */
public final class Cublas implements AutoCloseable {
    /** cublasMath_t CUBLAS_DEFAULT_MATH: the compute type alone decides, so fp32 uses TF32 only when asked to. */
    static final int DEFAULT_MATH = 0;
    /** cublasGemmAlgo_t CUBLAS_GEMM_DEFAULT: cuBLAS's heuristic chooses the algorithm. */
    static final int GEMM_DEFAULT = -1;
    static final int STATUS_SUCCESS = 0;
    static final int STATUS_ALLOC_FAILED = 3;

    private final CublasLibrary library;
    private final long handle;
    private boolean closed;

    private Cublas(CublasLibrary library, long handle) {
        this.library = library;
        this.handle = handle;
    }

    /**
     * A handle on {@code stream} (a CUstream's address; 0 is the default stream) using the {@code workspaceBytes} of
     * device memory at {@code workspace}.
     */
    public static Cublas create(CublasLibrary library, long stream, long workspace, long workspaceBytes) {
        long handle;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ValueLayout.JAVA_LONG);
            int status;
            try {
                status = (int) library.create.invokeExact(out);
            } catch (Throwable t) {
                throw nativeFailure("cublasCreate_v2", t);
            }
            check("cublasCreate_v2", status);
            handle = out.get(ValueLayout.JAVA_LONG, 0);
        }
        Cublas cublas = new Cublas(library, handle);
        try {
            int status;
            try {
                status = (int) library.setStream.invokeExact(handle, stream);
            } catch (Throwable t) {
                throw nativeFailure("cublasSetStream_v2", t);
            }
            check("cublasSetStream_v2", status);
            try {
                status = (int) library.setWorkspace.invokeExact(handle, workspace, workspaceBytes);
            } catch (Throwable t) {
                throw nativeFailure("cublasSetWorkspace_v2", t);
            }
            check("cublasSetWorkspace_v2", status);
            try {
                status = (int) library.setMathMode.invokeExact(handle, DEFAULT_MATH);
            } catch (Throwable t) {
                throw nativeFailure("cublasSetMathMode", t);
            }
            check("cublasSetMathMode", status);
        } catch (RuntimeException e) {
            cublas.close();
            throw e;
        }
        return cublas;
    }

    /**
     * {@code g} as one call: cublasGemmEx for a single product, cublasGemmStridedBatchedEx for a batch. Empty products
     * (m, n or the batch count 0) return at once, as cuBLAS's own quick return would.
     */
    public void gemm(GemmCall g) {
        open();
        if (g.m() == 0 || g.n() == 0 || g.batchCount() == 0) {
            return;
        }
        int status;
        String function = g.batchCount() == 1 ? "cublasGemmEx" : "cublasGemmStridedBatchedEx";
        try (Arena call = Arena.ofConfined()) {
            // COMPUTE_32F and its TF32 variant take fp32 scalars, read from the host (the default pointer mode)
            MemorySegment alpha = call.allocateFrom(ValueLayout.JAVA_FLOAT, g.alpha());
            MemorySegment beta = call.allocateFrom(ValueLayout.JAVA_FLOAT, g.beta());
            GemmCall.Operand a = g.a();
            GemmCall.Operand b = g.b();
            GemmCall.Operand c = g.c();
            try {
                status = g.batchCount() == 1
                        ? (int) library.gemmEx.invokeExact(handle, g.transA().cublasValue, g.transB().cublasValue,
                                g.m(), g.n(), g.k(), alpha, a.pointer().address(), a.type().cudaValue, a.ld(),
                                b.pointer().address(), b.type().cudaValue, b.ld(), beta, c.pointer().address(),
                                c.type().cudaValue, c.ld(), g.compute().cublasValue, GEMM_DEFAULT)
                        : (int) library.gemmStridedBatchedEx.invokeExact(handle, g.transA().cublasValue,
                                g.transB().cublasValue, g.m(), g.n(), g.k(), alpha, a.pointer().address(),
                                a.type().cudaValue, a.ld(), a.stride(), b.pointer().address(), b.type().cudaValue, b.ld(),
                                b.stride(), beta, c.pointer().address(), c.type().cudaValue, c.ld(), c.stride(),
                                g.batchCount(), g.compute().cublasValue, GEMM_DEFAULT);
            } catch (Throwable t) {
                throw nativeFailure(function, t);
            }
        }
        check(function + " " + describe(g), status);
    }

    /** cublasGetVersion_v2: 10000·major + 100·minor + patch (cublas_api.h, CUBLAS_VERSION). */
    public int version() {
        open();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ValueLayout.JAVA_INT);
            int status;
            try {
                status = (int) library.getVersion.invokeExact(handle, out);
            } catch (Throwable t) {
                throw nativeFailure("cublasGetVersion_v2", t);
            }
            check("cublasGetVersion_v2", status);
            return out.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** Which cuBLAS this is, for the results files. */
    public CublasInfo info() {
        return new CublasInfo(library.file(), version());
    }

    /** Destroys the handle; the workspace stays the caller's to free, after this. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int status;
        try {
            status = (int) library.destroy.invokeExact(handle);
        } catch (Throwable t) {
            throw nativeFailure("cublasDestroy_v2", t);
        }
        check("cublasDestroy_v2", status);
    }

    /** "(N,T m 5 n 7 k 3 batch 3, bf16 -> f32, COMPUTE_32F)": enough to find the call in the trainer. */
    static String describe(GemmCall g) {
        return String.format(Locale.ROOT, "(%s,%s m %d n %d k %d batch %d, %s -> %s, %s)", g.transA(), g.transB(),
                g.m(), g.n(), g.k(), g.batchCount(), g.a().type().suffix(), g.c().type().suffix(),
                g.compute() == GemmCall.ComputeType.F32 ? "COMPUTE_32F" : "COMPUTE_32F_FAST_TF32");
    }

    /** CUBLAS_STATUS_ALLOC_FAILED is an out-of-memory; every other status but success is a failure of the call. */
    static void check(String call, int status) {
        if (status == STATUS_SUCCESS) {
            return;
        }
        String message = call + " failed: " + statusName(status);
        if (status == STATUS_ALLOC_FAILED) {
            throw new DeviceOutOfMemoryException(message, 0); // cuBLAS does not say how much it wanted
        }
        throw new DeviceException(message);
    }

    /** cublasStatus_t's names (cublas_api.h). */
    static String statusName(int status) {
        return switch (status) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cublasStatus_t " + status;
        };
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("the cuBLAS handle is destroyed");
        }
    }

    private static DeviceException nativeFailure(String function, Throwable t) {
        return new DeviceException(function + " could not be called: " + t);
    }
}
