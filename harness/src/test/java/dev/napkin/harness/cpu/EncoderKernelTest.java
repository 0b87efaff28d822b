package dev.napkin.harness.cpu;

import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * encoder.cu against {@link Encoder}, on the emulator. B·T = 291 positions, more than the backward's 256-position
 * window, over a vocabulary of 11 tokens, so every token repeats across windows; wpe has more rows than T.
 *
 * <p>Tolerances. Forward: each element is one fp32 addition of the same two values on both sides, so fp32 agrees
 * exactly and bf16 is exactly the twin's sum rounded to nearest even (tolerance 0 against {@code Bf16.round}).
 * Backward: the kernel adds a token's rows, and a position's rows, onto the old gradient in the twin's order
 * (positions ascending), each dout value widened exactly from its storage type: fp32 sums equal bit for bit in both
 * precisions (tolerance 0).
 */
class EncoderKernelTest {
    private static final int B = 3;
    private static final int T = 97;
    private static final int MAX_T = T + 3;
    private static final int V = 11;

    @BeforeAll
    static void emulator() {
        KernelBench.assumeEmulator();
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void forwardIsTheTwinsSumRoundedToTheStorageType(DataType type) {
        // C = 37: the element-by-element path; C = 40: the 16-byte pack path in both types
        for (int c : new int[] {37, 40}) {
            try (KernelBench bench = KernelBench.open(type, 1)) {
                int[] tokens = bench.ints(B * T, V);
                float[] wte = bench.normal(V * c, 0, 1);
                float[] wpe = bench.normal(MAX_T * c, 0, 1);
                DevicePointer out = bench.device.allocate((long) type.bytes * B * T * c);
                bench.kernels.encoderForward(out, bench.uploadInts(tokens), bench.upload(wte), bench.upload(wpe), B, T,
                        c);

                float[] params = concat(wte, wpe);
                float[] expected = new float[B * T * c];
                Encoder.encoderForward(expected, tokens, params, 0, V * c, B, T, c);
                bench.agree("encoder_forward", "out C=" + c, bench.stored(expected), bench.download(out, B * T * c),
                        null, 0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void backwardAddsOntoTheGradientsInTheTwinsOrder(DataType type) {
        int c = 37;
        try (KernelBench bench = KernelBench.open(type, 2)) {
            int[] tokens = bench.ints(B * T, V - 1); // token V-1 never occurs: its gradient row must stay as it was
            float[] dout = bench.normal(B * T * c, 0, 1);
            float[] dwte = bench.normalF32(V * c, 1); // non-zero: the kernel adds (+=)
            float[] dwpe = bench.normalF32(MAX_T * c, 1);
            DevicePointer dwteDevice = bench.uploadF32(dwte);
            DevicePointer dwpeDevice = bench.uploadF32(dwpe);
            bench.kernels.encoderBackward(dwteDevice, dwpeDevice, bench.upload(dout), bench.uploadInts(tokens), B, T,
                    c);

            float[] grads = concat(dwte, dwpe);
            Encoder.encoderBackward(grads, 0, V * c, dout, tokens, B, T, c);
            float[] actual = concat(bench.downloadF32(dwteDevice, V * c), bench.downloadF32(dwpeDevice, MAX_T * c));
            bench.agree("encoder_backward", "dwte, dwpe", grads, actual, null, 0);
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = new float[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
