package dev.napkin.harness.gpu;

import dev.napkin.harness.BufferKind;
import dev.napkin.harness.MemoryPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names and sizes every buffer of the GPU trainer: planning only (to predict and check memory before anything is
 * allocated), or allocating on a device. An allocation that fails frees what this allocator already holds, so a
 * probe that does not fit leaves the device as it found it.
 */
final class DeviceAllocator {
    private record Entry(BufferKind kind, long bytesEach, int copies) {
    }

    private final Device device; // null when planning
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<DevicePointer> allocated = new ArrayList<>();

    private DeviceAllocator(Device device) {
        this.device = device;
    }

    static DeviceAllocator planning() {
        return new DeviceAllocator(null);
    }

    static DeviceAllocator on(Device device) {
        return new DeviceAllocator(device);
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
