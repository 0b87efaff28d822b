package dev.napkin.harness.gpu;

import java.lang.foreign.MemorySegment;

/**
 * What the GPU trainer needs of a device: memory, copies, kernel launches in cuLaunchKernel's shape, GEMMs with
 * cuBLAS's semantics, and timing. {@code EmulatedDevice} runs the kernels' CUDA C sources on the CPU; the CUDA
 * device runs them on an NVIDIA GPU. Calls are issued in order on one stream; copies to the host and
 * {@link #synchronize()} wait for everything issued before them.
 */
public interface Device extends AutoCloseable {
    /** For tables: {@code emulated (CPU)}, or the GPU's name. */
    String name();

    /** {@code bytes} of device memory, contents undefined; {@link DeviceOutOfMemoryException} if it does not fit. */
    DevicePointer allocate(long bytes);

    void free(DevicePointer pointer);

    /** Copies all of {@code host} to {@code device}. */
    void copyToDevice(DevicePointer device, MemorySegment host);

    /** Fills all of {@code host} from {@code device}. */
    void copyToHost(MemorySegment host, DevicePointer device);

    /** Sets {@code bytes} bytes to zero. */
    void zero(DevicePointer pointer, long bytes);

    /** Launches the kernel {@code name} (an {@code extern "C"} name of the kernel sources). */
    void launch(String name, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args);

    /** One (strided-batched) GEMM. */
    void gemm(GemmCall call);

    /** Waits for everything issued so far; reports a failure of any of it. */
    void synchronize();

    /** Device memory that is free now, and all of it (cuMemGetInfo). */
    MemoryInfo memoryInfo();

    /** A point in the device's stream; the time between two, once both are reached, is {@link #elapsedMillis}. */
    Event record();

    double elapsedMillis(Event start, Event end);

    /**
     * Whether the device checks each allocation's bounds (the emulator's red zones): the trainer then gives every
     * buffer an allocation of its own; elsewhere it carves them out of one.
     */
    default boolean checksBounds() {
        return false;
    }

    /** Frees what is left and releases the device. */
    @Override
    void close();

    /** A recorded stream position. */
    interface Event {
    }

    /** cuMemGetInfo's answer, in bytes. */
    record MemoryInfo(long freeBytes, long totalBytes) {
    }
}
