package dev.napkin.harness.gpu.emu;

import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.DeviceException;
import dev.napkin.harness.gpu.DeviceOutOfMemoryException;
import dev.napkin.harness.gpu.Device;
import dev.napkin.harness.gpu.Dim3;
import dev.napkin.harness.gpu.GemmCall;
import dev.napkin.harness.gpu.KernelArgs;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Device} on the CPU: the kernels' CUDA C sources compiled by g++ against {@code cuda_emu.h} into a
 * shared library (see {@code harness/src/main/cuda/README.md}), reached through Java's FFM API with
 * cuLaunchKernel's argument shape; GEMMs by {@link ReferenceGemm}. Device memory is native memory with red zones
 * that every {@link #synchronize()} and {@link #free} check, and a capacity that makes allocations fail as a full
 * GPU would. Everything runs synchronously on the calling thread.
 */
@SuppressWarnings("restricted") // FFM: the emulator library is ours, its signatures are declared above each handle
public final class EmulatedDevice implements Device {
    private static final int ERROR_CAPACITY = 1024;
    /** All of the address space, to read and write device memory by address. */
    private static final MemorySegment MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private final Arena arena = Arena.ofShared();
    private final MethodHandle launch;
    private final MethodHandle malloc;
    private final MethodHandle free;
    private final MethodHandle check;
    private final long capacityBytes;
    private final Map<Long, Long> live = new HashMap<>();
    private long usedBytes;
    private boolean closed;

    private EmulatedDevice(Path library, long capacityBytes) {
        this.capacityBytes = capacityBytes;
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(library, arena);
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        launch = linker.downcallHandle(lib.findOrThrow("napkin_emu_launch"), FunctionDescriptor.of(i32,
                ValueLayout.ADDRESS, i32, i32, i32, i32, i32, i32, i32, ValueLayout.ADDRESS, i32, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, i32));
        malloc = linker.downcallHandle(lib.findOrThrow("napkin_emu_malloc"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        free = linker.downcallHandle(lib.findOrThrow("napkin_emu_free"),
                FunctionDescriptor.of(i32, ValueLayout.ADDRESS, ValueLayout.ADDRESS, i32));
        check = linker.downcallHandle(lib.findOrThrow("napkin_emu_check"),
                FunctionDescriptor.of(i32, ValueLayout.ADDRESS, i32));
    }

    /**
     * Opens the emulator library at {@code library} as a device of {@code capacityBytes} bytes.
     *
     * @throws IllegalArgumentException if the library cannot be loaded or lacks the emulator's entry points
     */
    public static EmulatedDevice open(Path library, long capacityBytes) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("an emulated device needs a positive capacity, got " + capacityBytes);
        }
        return new EmulatedDevice(library, capacityBytes);
    }

    @Override
    public String name() {
        return "emulated (CPU)";
    }

    @Override
    public boolean checksBounds() {
        return true;
    }

    @Override
    public synchronized DevicePointer allocate(long bytes) {
        open();
        if (bytes < 1) {
            throw new IllegalArgumentException("an allocation is at least 1 byte, got " + bytes);
        }
        if (bytes > capacityBytes - usedBytes) {
            throw new DeviceOutOfMemoryException(String.format(java.util.Locale.ROOT,
                    "out of device memory: allocating %d bytes with %d of %d in use", bytes, usedBytes, capacityBytes),
                    bytes);
        }
        MemorySegment p;
        try {
            p = (MemorySegment) malloc.invokeExact(bytes);
        } catch (Throwable t) {
            throw native_("napkin_emu_malloc", t);
        }
        if (p.address() == 0) {
            throw new DeviceOutOfMemoryException("out of host memory for an emulated allocation of " + bytes
                    + " bytes", bytes);
        }
        live.put(p.address(), bytes);
        usedBytes += bytes;
        return new DevicePointer(p.address());
    }

    @Override
    public synchronized void free(DevicePointer pointer) {
        open();
        Long bytes = live.remove(pointer.address());
        if (bytes == null) {
            throw new DeviceException("free of " + Long.toHexString(pointer.address()) + ", not a live allocation");
        }
        usedBytes -= bytes;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment error = call.allocate(ERROR_CAPACITY);
            int rc;
            try {
                rc = (int) free.invokeExact(MemorySegment.ofAddress(pointer.address()), error, ERROR_CAPACITY);
            } catch (Throwable t) {
                throw native_("napkin_emu_free", t);
            }
            if (rc != 0) {
                throw new DeviceException("device memory corrupted: " + error.getString(0));
            }
        }
    }

    @Override
    public void copyToDevice(DevicePointer device, MemorySegment host) {
        MemorySegment.copy(host, 0, region(device, host.byteSize()), 0, host.byteSize());
    }

    @Override
    public void copyToHost(MemorySegment host, DevicePointer device) {
        MemorySegment.copy(region(device, host.byteSize()), 0, host, 0, host.byteSize());
    }

    @Override
    public void zero(DevicePointer pointer, long bytes) {
        region(pointer, bytes).fill((byte) 0);
    }

    @Override
    public void launch(String name, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
        open();
        List<KernelArgs.Arg> list = args.list();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment params = call.allocate(ValueLayout.ADDRESS, Math.max(1, list.size()));
            MemorySegment sizes = call.allocate(ValueLayout.JAVA_INT, Math.max(1, list.size()));
            for (int i = 0; i < list.size(); i++) {
                KernelArgs.Arg a = list.get(i);
                MemorySegment value = call.allocate(8, 8);
                switch (a.kind()) {
                    case POINTER, LONG -> value.set(ValueLayout.JAVA_LONG, 0, a.bits());
                    case INT, FLOAT -> value.set(ValueLayout.JAVA_INT, 0, (int) a.bits());
                }
                params.setAtIndex(ValueLayout.ADDRESS, i, value);
                sizes.setAtIndex(ValueLayout.JAVA_INT, i, a.kind().bytes);
            }
            MemorySegment error = call.allocate(ERROR_CAPACITY);
            int rc;
            try {
                rc = (int) launch.invokeExact(call.allocateFrom(name), grid.x(), grid.y(), grid.z(), block.x(),
                        block.y(), block.z(), sharedBytes, params, list.size(), sizes, error, ERROR_CAPACITY);
            } catch (Throwable t) {
                throw native_("napkin_emu_launch", t);
            }
            if (rc != 0) {
                throw new DeviceException("kernel " + name + " grid " + grid + " block " + block + " shared "
                        + sharedBytes + ": " + error.getString(0));
            }
        }
    }

    @Override
    public void gemm(GemmCall call) {
        open();
        checkInside(call.a().pointer(), call.aSpan(), call.a().stride(), call.batchCount(), call.a().type().bytes, "A");
        checkInside(call.b().pointer(), call.bSpan(), call.b().stride(), call.batchCount(), call.b().type().bytes, "B");
        checkInside(call.c().pointer(), call.cSpan(), call.c().stride(), call.batchCount(), call.c().type().bytes, "C");
        ReferenceGemm.run(MEMORY, call);
    }

    @Override
    public synchronized void synchronize() {
        open();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment error = call.allocate(ERROR_CAPACITY);
            int rc;
            try {
                rc = (int) check.invokeExact(error, ERROR_CAPACITY);
            } catch (Throwable t) {
                throw native_("napkin_emu_check", t);
            }
            if (rc != 0) {
                throw new DeviceException("device memory corrupted: " + error.getString(0));
            }
        }
    }

    @Override
    public synchronized MemoryInfo memoryInfo() {
        return new MemoryInfo(capacityBytes - usedBytes, capacityBytes);
    }

    private record NanoEvent(long nanos) implements Event {
    }

    @Override
    public Event record() {
        return new NanoEvent(System.nanoTime());
    }

    @Override
    public double elapsedMillis(Event start, Event end) {
        return (((NanoEvent) end).nanos - ((NanoEvent) start).nanos) / 1e6;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        DeviceException first = null;
        for (Long address : List.copyOf(live.keySet())) {
            try {
                free(new DevicePointer(address));
            } catch (DeviceException e) {
                first = first == null ? e : first;
            }
        }
        closed = true;
        arena.close();
        if (first != null) {
            throw first; // everything is released; the damage is still reported
        }
    }

    /** Device memory [pointer, pointer + bytes), which must lie inside one live allocation. */
    private synchronized MemorySegment region(DevicePointer pointer, long bytes) {
        open();
        checkInside(pointer, bytes, 0, 1, 1, "copy");
        return MEMORY.asSlice(pointer.address(), bytes);
    }

    private synchronized void checkInside(DevicePointer p, long spanElements, long strideElements, int batches,
                                          int elementBytes, String what) {
        long bytes = (spanElements + strideElements * Math.max(0, batches - 1)) * elementBytes;
        if (bytes == 0) {
            return;
        }
        for (Map.Entry<Long, Long> e : live.entrySet()) {
            if (p.address() >= e.getKey() && p.address() + bytes <= e.getKey() + e.getValue()) {
                return;
            }
        }
        throw new DeviceException(what + ": " + bytes + " bytes at 0x" + Long.toHexString(p.address())
                + " are not inside one device allocation");
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("the emulated device is closed");
        }
    }

    private static DeviceException native_(String function, Throwable t) {
        return new DeviceException(function + " failed: " + t);
    }
}
