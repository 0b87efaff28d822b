package dev.napkin.harness.gpu;

import dev.napkin.harness.BufferKind;
import dev.napkin.harness.MemoryPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names and sizes every buffer of the GPU trainer: planning only (to predict and check memory before anything is
 * allocated), or allocating on a device, one allocation per buffer or all buffers inside one arena. An allocation
 * that fails frees what this allocator already holds, so a probe that does not fit leaves the device as it found it.
 */
final class DeviceAllocator {
    /** Buffers inside an arena start on 256-byte boundaries, as cuMemAlloc's allocations do (CUDA guide, 5.3.2). */
    static final long ALIGNMENT = 256;

    private record Entry(BufferKind kind, long bytesEach, int copies) {
    }

    private final Device device; // null when planning
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<DevicePointer> allocated = new ArrayList<>();
    private final DevicePointer arena; // null unless buffers are carved out of one allocation
    private final long arenaBytes;
    private long arenaUsed;

    private DeviceAllocator(Device device, DevicePointer arena, long arenaBytes) {
        this.device = device;
        this.arena = arena;
        this.arenaBytes = arenaBytes;
    }

    static DeviceAllocator planning() {
        return new DeviceAllocator(null, null, 0);
    }

    /** One device allocation per buffer: the emulator checks each one's bounds. */
    static DeviceAllocator on(Device device) {
        return new DeviceAllocator(device, null, 0);
    }

    /**
     * Every buffer of {@code plan} inside one allocation, as llm.c allocates its activations: the probe's memory is
     * one request (it fits or it does not), and the allocator's rounding is paid once, not once per buffer.
     */
    static DeviceAllocator arena(Device device, MemoryPlan plan) {
        long bytes = arenaBytes(plan);
        DevicePointer base = device.allocate(bytes);
        DeviceAllocator a = new DeviceAllocator(device, base, bytes);
        a.allocated.add(base);
        return a;
    }

    /** The arena that holds {@code plan}: every buffer rounded up to {@link #ALIGNMENT}. */
    static long arenaBytes(MemoryPlan plan) {
        long total = 0;
        for (MemoryPlan.Buffer b : plan.buffers()) {
            total += b.copies() * ((b.bytesEach() + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
        }
        return total;
    }

    /** {@code elements} of {@code type}; the null pointer when planning. */
    DevicePointer allocate(String name, BufferKind kind, long elements, DataType type) {
        return allocateBytes(name, kind, Math.multiplyExact(elements, (long) type.bytes));
    }

    DevicePointer allocateInts(String name, BufferKind kind, long elements) {
        return allocateBytes(name, kind, Math.multiplyExact(elements, 4L));
    }

    DevicePointer allocateBytes(String name, BufferKind kind, long bytes) {
        Entry e = entries.get(name);
        if (e != null && (e.bytesEach != bytes || e.kind != kind)) {
            throw new IllegalStateException("buffer " + name + " planned twice with different sizes");
        }
        entries.put(name, e == null ? new Entry(kind, bytes, 1) : new Entry(kind, bytes, e.copies + 1));
        if (device == null) {
            return DevicePointer.NULL;
        }
        if (arena != null) {
            long size = (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
            if (arenaUsed + size > arenaBytes) {
                throw new IllegalStateException("buffer " + name + " does not fit in the arena planned for it");
            }
            DevicePointer p = arena.plus(arenaUsed);
            arenaUsed += size;
            return p;
        }
        try {
            DevicePointer p = device.allocate(bytes);
            allocated.add(p);
            return p;
        } catch (RuntimeException failure) {
            freeAll();
            throw failure;
        }
    }

    MemoryPlan plan() {
        List<MemoryPlan.Buffer> buffers = new ArrayList<>();
        entries.forEach((name, e) -> buffers.add(new MemoryPlan.Buffer(name, e.kind, e.bytesEach, e.copies)));
        return new MemoryPlan(buffers);
    }

    void freeAll() {
        for (int i = allocated.size() - 1; i >= 0; i--) {
            device.free(allocated.get(i));
        }
        allocated.clear();
    }
}
