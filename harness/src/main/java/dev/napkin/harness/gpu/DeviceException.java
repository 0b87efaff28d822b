package dev.napkin.harness.gpu;

/** A device call failed; the message names the call (kernel and launch shape, or library function) and the error. */
public class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }
}
