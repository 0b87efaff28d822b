package dev.napkin.harness.gpu;

/**
 * bfloat16: the upper 16 bits of an fp32 (1 sign, 8 exponent, 7 mantissa bits). Rounding to it is
 * round-to-nearest-even, as CUDA's __float2bfloat16 does; NaN stays NaN.
 */
public final class Bf16 {
    private Bf16() {
    }

    /** The bf16 nearest to {@code x} (ties to even), as its 16 bits. */
    public static short fromFloat(float x) {
        int bits = Float.floatToRawIntBits(x);
        if (Float.isNaN(x)) {
            return (short) ((bits >>> 16) | 0x40); // keep it a NaN after the mantissa is cut
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    public static float toFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    /** {@code x} rounded to bf16 and back. */
    public static float round(float x) {
        return toFloat(fromFloat(x));
    }

    /**
     * {@code x} rounded to TF32 (10 mantissa bits) to nearest, ties away from zero, as PTX's cvt.rna.tf32.f32 does
     * before a TF32 tensor-core product (PTX ISA, "cvt").
     */
    public static float roundTf32(float x) {
        if (!Float.isFinite(x)) {
            return x;
        }
        int bits = Float.floatToRawIntBits(x);
        return Float.intBitsToFloat((bits + 0x1000) & 0xFFFFE000);
    }
}
