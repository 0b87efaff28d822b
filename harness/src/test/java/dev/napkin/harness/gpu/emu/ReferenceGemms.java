package dev.napkin.harness.gpu.emu;

import dev.napkin.harness.gpu.GemmCall;
import java.lang.foreign.MemorySegment;

/** {@link ReferenceGemm} for tests in other packages (the cuBLAS binding's, the CUDA device's). */
public final class ReferenceGemms {
    private ReferenceGemms() {
    }

    /** {@code call} on {@code memory}, whose addresses are the call's device pointers. */
    public static void run(MemorySegment memory, GemmCall call) {
        ReferenceGemm.run(memory, call);
    }
}
