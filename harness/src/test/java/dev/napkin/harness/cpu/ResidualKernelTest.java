package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * residual.cu against {@link Residual}, on the emulator: N = 1003 elements (the pack path, then a tail that is not a
 * whole pack), once on aligned buffers out of place, once in place (out = a) on buffers one element past a 16-byte
 * boundary (the element-by-element path).
 *
 * <p>Tolerance 0: each element is one fp32 addition of the same two values on both sides; in bf16 the kernel stores
 * that sum rounded to nearest even, compared with {@code Bf16.round} of the twin's.
 */
class ResidualKernelTest {
    private static final int N = 1003;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void forwardIsTheTwinsSumOutOfPlaceAndInPlace(DataType type) {
        try (KernelBench bench = KernelBench.open(type, 3)) {
            float[] a = bench.normal(N, 0, 1);
            float[] b = bench.normal(N, 0, 1);
            float[] expected = new float[N];
            Residual.residualForward(bench.team, expected, a, b, N);
            expected = bench.stored(expected);

            DevicePointer out = bench.device.allocate((long) type.bytes * N);
            bench.kernels.residualForward(out, bench.upload(a), bench.upload(b), N);
            bench.agree("residual_forward", "out", expected, bench.download(out, N), null, 0);

            // in place, one element off alignment: out and a are the same buffer
            DevicePointer a1 = bench.device.allocate((long) type.bytes * (N + 1)).plus(type.bytes);
            DevicePointer b1 = bench.device.allocate((long) type.bytes * (N + 1)).plus(type.bytes);
            bench.write(a1, a);
            bench.write(b1, b);
            bench.kernels.residualForward(a1, a1, b1, N);
            bench.agree("residual_forward", "out = a, unaligned", expected, bench.download(a1, N), null, 0);
        }
    }
}
