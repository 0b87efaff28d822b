package dev.napkin.harness.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of one kernel launch, in order, as cuLaunchKernel takes them: each a pointer, a 32-bit int, a
 * 64-bit int or a float. Built with {@code KernelArgs.of().ptr(out).ptr(in).i32(n)}.
 */
public final class KernelArgs {
    /** What a parameter is; its size is what the kernel's signature must declare. */
    public enum Kind {
        POINTER(8), INT(4), LONG(8), FLOAT(4);

        public final int bytes;

        Kind(int bytes) {
            this.bytes = bytes;
        }
    }

    /** One parameter: {@code bits} holds the address, the integer, or the float's bits. */
    public record Arg(Kind kind, long bits) {
    }

    private final List<Arg> args = new ArrayList<>();

    private KernelArgs() {
    }

    public static KernelArgs of() {
        return new KernelArgs();
    }

    public KernelArgs ptr(DevicePointer p) {
        args.add(new Arg(Kind.POINTER, p.address()));
        return this;
    }

    public KernelArgs i32(int value) {
        args.add(new Arg(Kind.INT, value));
        return this;
    }

    public KernelArgs i64(long value) {
        args.add(new Arg(Kind.LONG, value));
        return this;
    }

    public KernelArgs f32(float value) {
        args.add(new Arg(Kind.FLOAT, Float.floatToRawIntBits(value)));
        return this;
    }

    public List<Arg> list() {
        return List.copyOf(args);
    }
}
