package dev.napkin.harness.gpu.cuda;

import static dev.napkin.harness.gpu.cuda.CudaErrors.call;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import dev.napkin.harness.BackendUnavailableException;
import dev.napkin.harness.gpu.Device;
import dev.napkin.harness.gpu.DeviceException;
import dev.napkin.harness.gpu.DeviceOutOfMemoryException;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.Dim3;
import dev.napkin.harness.gpu.GemmCall;
import dev.napkin.harness.gpu.KernelGemm;
import dev.napkin.harness.gpu.KernelArgs;
import dev.napkin.harness.gpu.cuda.JCudaPointers.DeviceAddress;
import dev.napkin.harness.gpu.cuda.JCudaPointers.HostAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jcuda.CudaException;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUevent;

/**
 * A {@link Device} on an NVIDIA GPU: JCuda's binding of the CUDA driver API for memory, copies, events and
 * napkin's kernels (the fatbin built from {@code src/main/cuda}), and cuBLAS through FFM ({@link Cublas}) for GEMMs.
 * It works in the GPU's primary context, the one the CUDA runtime and so cuBLAS use (driver API guide,
 * cuDevicePrimaryCtxRetain), on one blocking stream of its own. Host copies are synchronous cuMemcpyHtoD/DtoH on the
 * legacy default stream, which waits for a blocking stream's earlier work and makes it wait in turn (CUDA driver API
 * guide, "Stream synchronization behavior"), so copies are ordered with launches. Failures are
 * {@link DeviceException}s naming the call; an allocation that does not fit is a {@link DeviceOutOfMemoryException}.
 */
public final class CudaDevice implements Device {
    /** cuBLAS's guide (cublasSetWorkspace) recommends 32 MiB on Hopper; llm.c gives cuBLASLt the same. */
    static final long CUBLAS_WORKSPACE_BYTES = 32L << 20;
    /** Heap segments (Java arrays) go through native memory in pieces of this size. */
    static final long STAGING_BYTES = 16L << 20;
    /** The device whose context this thread last made current. */
    private static final ThreadLocal<CudaDevice> CURRENT = new ThreadLocal<>();

    private final int ordinal;
    private final Map<Long, Long> live = new HashMap<>();
    private final List<CUevent> events = new ArrayList<>();
    private CUdevice device;
    private CUcontext context;
    private JCudaPointers.Stream stream;
    private KernelModule kernels;
    private DevicePointer workspace;
    private Cublas cublas;
    private String name = "CUDA device";
    private int sm;
    private int driverVersion;
    private boolean closed;

    private CudaDevice(int ordinal) {
        this.ordinal = ordinal;
    }

    /** Whether the CUDA driver is here (and napkin's build carries JCuda's driver library for this platform). */
    public static boolean available() {
        return CudaDriver.unavailableReason().isEmpty();
    }

    /** Why {@link #open} cannot work here, ending with what to use instead; empty if it may. */
    public static Optional<String> unavailableReason() {
        return CudaDriver.unavailableReason();
    }

    /**
     * Opens GPU {@code ordinal} (CUDA's numbering): its primary context, a stream, napkin's kernels, a cuBLAS handle
     * and its workspace.
     *
     * @throws BackendUnavailableException (one line) without a driver, a GPU, cuBLAS, or kernels this GPU and driver
     *                                     can run
     */
    public static CudaDevice open(int ordinal) {
        return open(ordinal, GemmChoice.AUTO);
    }

    /** Which GEMM a device runs: cuBLAS where it is found, else napkin's kernels; or one of them, insisted on. */
    public enum GemmChoice {
        AUTO, CUBLAS, KERNELS
    }

    /**
     * Opens GPU {@code ordinal} with the GEMM {@code choice} asks for. With {@link GemmChoice#AUTO} a machine with
     * a driver but no cuBLAS runs napkin's own GEMM kernels (gemm.cu: mma.sync bf16 tensor cores on sm_80 and
     * later), and {@link #gemmDescription()} says so.
     */
    public static CudaDevice open(int ordinal, GemmChoice choice) {
        Optional<String> reason = CudaDriver.unavailableReason();
        if (reason.isPresent()) {
            throw new BackendUnavailableException(reason.get());
        }
        CublasLibrary cublasLibrary = null; // looked for before any GPU work: a missing cuBLAS fails at once
        if (choice != GemmChoice.KERNELS) {
            try {
                cublasLibrary = CublasLibrary.system();
            } catch (BackendUnavailableException e) {
                if (choice == GemmChoice.CUBLAS) {
                    throw e;
                }
            }
        }
        CudaDriver.initialize();
        int[] count = new int[1];
        call("cuDeviceGetCount", () -> cuDeviceGetCount(count));
        if (ordinal < 0 || ordinal >= count[0]) {
            throw new IllegalArgumentException("there is no CUDA GPU " + ordinal + " here: CUDA sees " + count[0]
                    + " GPU" + (count[0] == 1 ? "" : "s") + " (ordinals from 0)");
        }
        CudaDevice d = new CudaDevice(ordinal);
        try {
            d.start(cublasLibrary);
        } catch (RuntimeException e) {
            d.release().ifPresent(e::addSuppressed);
            throw e;
        }
        return d;
    }

    private void start(CublasLibrary cublasLibrary) {
        device = new CUdevice();
        call("cuDeviceGet(" + ordinal + ")", () -> cuDeviceGet(device, ordinal));
        byte[] bytes = new byte[256];
        call("cuDeviceGetName", () -> cuDeviceGetName(bytes, bytes.length, device));
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        name = new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
        int[] value = new int[1];
        call("cuDriverGetVersion", () -> cuDriverGetVersion(value));
        driverVersion = value[0];
        call("cuDeviceGetAttribute", () -> cuDeviceGetAttribute(value,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
        sm = 10 * value[0];
        call("cuDeviceGetAttribute", () -> cuDeviceGetAttribute(value,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device));
        sm += value[0];
        CUcontext primary = new CUcontext();
        call("cuDevicePrimaryCtxRetain", () -> cuDevicePrimaryCtxRetain(primary, device));
        context = primary;
        bind();
        JCudaPointers.Stream s = new JCudaPointers.Stream();
        call("cuStreamCreate", () -> cuStreamCreate(s, 0)); // CU_STREAM_DEFAULT: blocking, ordered with copies
        stream = s;
        kernels = KernelModule.load(driverVersion, sm, name);
        if (cublasLibrary != null) {
            workspace = allocate(CUBLAS_WORKSPACE_BYTES);
            live.remove(workspace.address()); // freed after the handle, not with the trainer's buffers
            cublas = Cublas.create(cublasLibrary, stream.address(), workspace.address(), CUBLAS_WORKSPACE_BYTES);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** 10·major + minor: 90 for an H100 or H200. */
    public int computeCapability() {
        return sm;
    }

    /** cuDriverGetVersion's number: 13000 for a CUDA 13.0 driver. */
    public int driverVersion() {
        return driverVersion;
    }

    /** The cuBLAS library in use; empty when the device runs napkin's own GEMM kernels. */
    public Optional<CublasInfo> cublasInfo() {
        bind();
        return Optional.ofNullable(cublas).map(Cublas::info);
    }

    /** Which GEMM runs, for the results: the cuBLAS library and version, or napkin's kernels and which kind. */
    public String gemmDescription() {
        return cublasInfo().map(CublasInfo::toString).orElse(sm >= 80
                ? "napkin's GEMM kernels (gemm.cu: mma.sync bf16 tensor cores, SIMT fp32; no cuBLAS found)"
                : "napkin's GEMM kernels (gemm.cu, SIMT; no cuBLAS found)");
    }

    @Override
    public synchronized DevicePointer allocate(long bytes) {
        bind();
        if (bytes < 1) {
            throw new IllegalArgumentException("an allocation is at least 1 byte, got " + bytes);
        }
        DeviceAddress p = new DeviceAddress();
        try {
            cuMemAlloc(p, bytes);
        } catch (CudaException e) {
            if ("CUDA_ERROR_OUT_OF_MEMORY".equals(e.getMessage())) {
                MemoryInfo m = memoryInfo();
                throw new DeviceOutOfMemoryException(String.format(Locale.ROOT, "out of device memory: cuMemAlloc of %d "
                        + "bytes failed: CUDA_ERROR_OUT_OF_MEMORY (%d of %d bytes free)", bytes, m.freeBytes(),
                        m.totalBytes()), bytes);
            }
            throw CudaErrors.failure("cuMemAlloc of " + bytes + " bytes", e.getMessage());
        }
        live.put(p.address(), bytes);
        return new DevicePointer(p.address());
    }

    @Override
    public synchronized void free(DevicePointer pointer) {
        bind();
        if (live.remove(pointer.address()) == null) {
            throw new DeviceException("free of 0x" + Long.toHexString(pointer.address()) + ", not a live allocation");
        }
        call("cuMemFree(0x" + Long.toHexString(pointer.address()) + ")", () -> cuMemFree(at(pointer.address())));
    }

    @Override
    public void copyToDevice(DevicePointer device, MemorySegment host) {
        bind();
        inPieces("cuMemcpyHtoD of " + host.byteSize() + " bytes to 0x" + Long.toHexString(device.address()), host, true,
                (from, offset, n) -> cuMemcpyHtoD(at(device.address() + offset), new HostAddress(from.address()), n));
    }

    @Override
    public void copyToHost(MemorySegment host, DevicePointer device) {
        bind();
        inPieces("cuMemcpyDtoH of " + host.byteSize() + " bytes from 0x" + Long.toHexString(device.address()), host,
                false, (to, offset, n) -> cuMemcpyDtoH(new HostAddress(to.address()), at(device.address() + offset), n));
    }

    /** A copy of {@code bytes} between native host memory at {@code host} and the device, {@code offset} bytes in. */
    @FunctionalInterface
    private interface Piece {
        int copy(MemorySegment host, long offset, long bytes);
    }

    /** Native memory is copied at once; a Java array through a native staging buffer, a piece at a time. */
    private static void inPieces(String what, MemorySegment host, boolean toDevice, Piece piece) {
        if (host.isNative()) {
            call(what, () -> piece.copy(host, 0, host.byteSize()));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(Math.max(1, Math.min(host.byteSize(), STAGING_BYTES)), 64);
            for (long done = 0; done < host.byteSize(); done += staging.byteSize()) {
                long offset = done;
                long n = Math.min(staging.byteSize(), host.byteSize() - done);
                if (toDevice) {
                    MemorySegment.copy(host, done, staging, 0, n);
                }
                call(what, () -> piece.copy(staging, offset, n));
                if (!toDevice) {
                    MemorySegment.copy(staging, 0, host, done, n);
                }
            }
        }
    }

    @Override
    public void zero(DevicePointer pointer, long bytes) {
        bind();
        call("cuMemsetD8Async of " + bytes + " bytes at 0x" + Long.toHexString(pointer.address()),
                () -> cuMemsetD8Async(at(pointer.address()), (byte) 0, bytes, stream));
    }

    @Override
    public void launch(String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
        bind();
        kernels.launch(stream, kernel, grid, block, sharedBytes, args);
    }

    @Override
    public void gemm(GemmCall call) {
        bind();
        if (cublas != null) {
            cublas.gemm(call);
        } else {
            KernelGemm.run(this, call, sm >= 80);
        }
    }

    @Override
    public void synchronize() {
        bind();
        call("cuStreamSynchronize", () -> cuStreamSynchronize(stream));
    }

    @Override
    public MemoryInfo memoryInfo() {
        bind();
        long[] free = new long[1];
        long[] total = new long[1];
        call("cuMemGetInfo", () -> cuMemGetInfo(free, total));
        return new MemoryInfo(free[0], total[0]);
    }

    private record CudaEvent(CUevent event) implements Event {
    }

    @Override
    public synchronized Event record() {
        bind();
        CUevent e = new CUevent();
        call("cuEventCreate", () -> cuEventCreate(e, 0)); // CU_EVENT_DEFAULT: timing enabled
        events.add(e); // destroyed with the device
        call("cuEventRecord", () -> cuEventRecord(e, stream));
        return new CudaEvent(e);
    }

    @Override
    public double elapsedMillis(Event start, Event end) {
        bind();
        CUevent from = ((CudaEvent) start).event();
        CUevent to = ((CudaEvent) end).event();
        float[] ms = new float[1];
        call("cuEventSynchronize", () -> cuEventSynchronize(to));
        call("cuEventElapsedTime", () -> cuEventElapsedTime(ms, from, to));
        return ms[0];
    }

    /** Frees every allocation, the cuBLAS handle, events, kernels and stream, and releases the primary context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        Optional<RuntimeException> first = release();
        if (first.isPresent()) {
            throw first.get(); // everything is released; the first failure is still reported
        }
    }

    /** Releases what {@link #start} acquired, in reverse order, each step even if an earlier one failed. */
    private Optional<RuntimeException> release() {
        List<RuntimeException> failures = new ArrayList<>();
        if (context != null) {
            attempt(failures, () -> call("cuCtxSetCurrent", () -> cuCtxSetCurrent(context)));
        }
        if (stream != null) {
            attempt(failures, () -> call("cuStreamSynchronize", () -> cuStreamSynchronize(stream)));
        }
        closed = true;
        CURRENT.remove();
        if (cublas != null) {
            attempt(failures, cublas::close);
        }
        for (long address : List.copyOf(live.keySet())) {
            attempt(failures, () -> call("cuMemFree", () -> cuMemFree(at(address))));
        }
        live.clear();
        if (workspace != null) {
            attempt(failures, () -> call("cuMemFree (cuBLAS workspace)", () -> cuMemFree(at(workspace.address()))));
        }
        for (CUevent e : events) {
            attempt(failures, () -> call("cuEventDestroy", () -> cuEventDestroy(e)));
        }
        events.clear();
        if (kernels != null) {
            attempt(failures, kernels::unload);
        }
        if (stream != null) {
            attempt(failures, () -> call("cuStreamDestroy", () -> cuStreamDestroy(stream)));
        }
        if (context != null) {
            attempt(failures, () -> call("cuDevicePrimaryCtxRelease", () -> cuDevicePrimaryCtxRelease(device)));
        }
        return failures.stream().findFirst();
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /** Makes this device's context current on the calling thread, if it is not already. */
    private void bind() {
        if (closed) {
            throw new IllegalStateException("the CUDA device is closed");
        }
        if (CURRENT.get() != this) {
            call("cuCtxSetCurrent", () -> cuCtxSetCurrent(context));
            CURRENT.set(this);
        }
    }

    private static DeviceAddress at(long address) {
        return new DeviceAddress(address);
    }
}
