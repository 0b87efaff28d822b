package dev.napkin.harness.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.harness.gpu.Bf16;
import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * cast.cu against {@link Bf16}, on the emulator: n = 1003 values (the pack path with a tail, and one element past
 * alignment the element-by-element path). fp32 to bf16: random bit patterns over every exponent, and the cases that
 * rounding to nearest even decides: ties that round down and up, the largest float (which rounds to infinity),
 * subnormals, ±0, ±infinity, NaN. Tolerance 0: the same bits as {@link Bf16#fromFloat}, except that a NaN only has to
 * stay a NaN (payloads may differ). bf16 to fp32 widens exactly: the same bits for every pattern, NaNs included.
 */
class CastKernelTest {
    private static final int N = 1003;
    private static final float[] SPECIAL = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL,
        Float.intBitsToFloat(0x3F808000), // 1 + 2^-8: a tie, rounds down to even 1
        Float.intBitsToFloat(0x3F818000), // a tie whose lower neighbour is odd: rounds up
        Float.intBitsToFloat(0x3F808001), // just above a tie: up
        Float.intBitsToFloat(0x7F7F8000), // a tie at the top: up, to infinity
        Float.intBitsToFloat(0x00018000)}; // a subnormal tie

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @Test
    void castsRoundToNearestEvenAndWidenExactly() {
        try (KernelBench bench = KernelBench.open(DataType.F32, 50)) {
            int[] bits = bench.ints(N, Integer.MAX_VALUE);
            float[] in = new float[N];
            for (int i = 0; i < N; i++) {
                in[i] = Float.intBitsToFloat(bits[i] ^ (i % 2 == 0 ? 0 : 0x80000000)); // both signs, every exponent
            }
            System.arraycopy(SPECIAL, 0, in, 0, SPECIAL.length);
            short[] halves = new short[N];
            for (int i = 0; i < N; i++) {
                halves[i] = (short) bits[N - 1 - i];
            }

            for (int offset : new int[] {0, 1}) {
                DevicePointer from = bench.device.allocate(4L * (N + 1)).plus(4L * offset);
                DevicePointer to = bench.device.allocate(2L * (N + 1)).plus(2L * offset);
                bench.device.copyToDevice(from, MemorySegment.ofArray(in));
                bench.kernels.castToBf16(to, from, N);
                short[] got = bench.downloadShorts(to, N);
                for (int i = 0; i < N; i++) {
                    short expected = Bf16.fromFloat(in[i]);
                    if (Float.isNaN(in[i])) {
                        assertTrue(Float.isNaN(Bf16.toFloat(got[i])), "bf16(NaN) at " + i);
                    } else {
                        assertEquals(expected, got[i], String.format(Locale.ROOT, "bf16(%s) (0x%08x) at %d, offset %d",
                                in[i], Float.floatToRawIntBits(in[i]), i, offset));
                    }
                }

                DevicePointer narrow = bench.device.allocate(2L * (N + 1)).plus(2L * offset);
                DevicePointer wide = bench.device.allocate(4L * (N + 1)).plus(4L * offset);
                bench.device.copyToDevice(narrow, MemorySegment.ofArray(halves));
                bench.kernels.castToF32(wide, narrow, N);
                float[] widened = bench.downloadF32(wide, N);
                for (int i = 0; i < N; i++) {
                    assertEquals(Float.floatToRawIntBits(Bf16.toFloat(halves[i])),
                            Float.floatToRawIntBits(widened[i]), "fp32 of bf16 0x" + Integer.toHexString(halves[i]));
                }
            }
            System.out.printf(Locale.ROOT, "kernel vs twin | %-44s | %-4s | tolerance 0 (bits) | all %d equal%n",
                    "cast_f32_to_bf16, cast_bf16_to_f32", "both", 4 * N);
        }
    }
}
