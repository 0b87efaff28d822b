package dev.napkin.harness.gpu;

/** An address in a device's memory (a CUdeviceptr on a GPU, a native address in the emulator); 0 is null. */
public record DevicePointer(long address) {
    public static final DevicePointer NULL = new DevicePointer(0);

    public DevicePointer {
        if (address < 0) {
            throw new IllegalArgumentException("a device address is never negative, got " + address);
        }
    }

    /** The address {@code bytes} further on. */
    public DevicePointer plus(long bytes) {
        if (address == 0) {
            throw new IllegalStateException("offset from a null device pointer");
        }
        return new DevicePointer(Math.addExact(address, bytes));
    }

    public boolean isNull() {
        return address == 0;
    }
}
