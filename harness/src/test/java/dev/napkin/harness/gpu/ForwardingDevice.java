package dev.napkin.harness.gpu;

import java.lang.foreign.MemorySegment;

/**
 * A device that passes every call on to another; tests override the calls they watch or break (a launch dropped, a
 * GEMM recorded). Closing it leaves the inner device open: its owner closes it.
 */
class ForwardingDevice implements Device {
    protected final Device inner;

    ForwardingDevice(Device inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public DevicePointer allocate(long bytes) {
        return inner.allocate(bytes);
    }

    @Override
    public void free(DevicePointer pointer) {
        inner.free(pointer);
    }

    @Override
    public void copyToDevice(DevicePointer device, MemorySegment host) {
        inner.copyToDevice(device, host);
    }

    @Override
    public void copyToHost(MemorySegment host, DevicePointer device) {
        inner.copyToHost(host, device);
    }

    @Override
    public void zero(DevicePointer pointer, long bytes) {
        inner.zero(pointer, bytes);
    }

    @Override
    public void launch(String name, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
        inner.launch(name, grid, block, sharedBytes, args);
    }

    @Override
    public void gemm(GemmCall call) {
        inner.gemm(call);
    }

    @Override
    public void synchronize() {
        inner.synchronize();
    }

    @Override
    public MemoryInfo memoryInfo() {
        return inner.memoryInfo();
    }

    @Override
    public Event record() {
        return inner.record();
    }

    @Override
    public double elapsedMillis(Event start, Event end) {
        return inner.elapsedMillis(start, end);
    }

    @Override
    public void close() {
        // the inner device belongs to whoever opened it
    }
}
