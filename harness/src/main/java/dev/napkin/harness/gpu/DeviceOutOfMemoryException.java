package dev.napkin.harness.gpu;

/** An allocation did not fit in the device's memory: a batch search treats the probe as too big. */
public final class DeviceOutOfMemoryException extends DeviceException {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;

    public DeviceOutOfMemoryException(String message, long requestedBytes) {
        super(message);
        this.requestedBytes = requestedBytes;
    }

    public long requestedBytes() {
        return requestedBytes;
    }
}
