package dev.napkin.harness.gpu.cuda;

import dev.napkin.harness.gpu.KernelArgs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * cuLaunchKernel's {@code kernelParams}: an array of pointers, one per kernel parameter, each to the parameter's value
 * (CUDA driver API guide, cuLaunchKernel: "the number of kernel parameters and their offsets and sizes do not need to
 * be specified as that information is retrieved directly from the kernel's image"). Each value sits in its own
 * 8-byte slot, little-endian as x86-64 and the GPU both are, so a 4-byte int or float occupies the slot's first
 * bytes. The driver copies the values when the launch is issued, so the memory may be freed when cuLaunchKernel
 * returns.
 */
final class KernelParams {
    static final int SLOT_BYTES = 8;

    private KernelParams() {
    }

    /** The {@code void*[]} for {@code args}, allocated in {@code arena}; a kernel without parameters gets one unused entry. */
    static MemorySegment pack(Arena arena, List<KernelArgs.Arg> args) {
        MemorySegment pointers = arena.allocate(ValueLayout.ADDRESS, Math.max(1, args.size()));
        MemorySegment slots = arena.allocate((long) SLOT_BYTES * Math.max(1, args.size()), SLOT_BYTES);
        for (int i = 0; i < args.size(); i++) {
            KernelArgs.Arg a = args.get(i);
            MemorySegment slot = slots.asSlice((long) SLOT_BYTES * i, SLOT_BYTES);
            switch (a.kind()) {
                case POINTER, LONG -> slot.set(ValueLayout.JAVA_LONG, 0, a.bits());
                case INT, FLOAT -> slot.set(ValueLayout.JAVA_INT, 0, (int) a.bits());
            }
            pointers.setAtIndex(ValueLayout.ADDRESS, i, slot);
        }
        return pointers;
    }
}
