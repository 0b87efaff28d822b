package dev.napkin.harness.cpu;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.Bf16;
import dev.napkin.harness.gpu.DataType;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.KernelLauncher;
import dev.napkin.harness.gpu.emu.EmulatedDevice;
import dev.napkin.harness.gpu.emu.EmulatorLibrary;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the kernel-against-twin tests share: an emulated device with the production launch table for one storage
 * type, a CPU team of one thread for the twins, random inputs that the storage type holds exactly (so the twin can be
 * given the very values the kernel reads), and the comparison that every test asserts and reports.
 *
 * <p>The comparison: an element passes when |kernel − twin| ≤ tolerance · (|twin| + m), where m is a magnitude that
 * the test computes from the inputs (in double) for results whose rounding error does not scale with the result
 * itself: for a sum, the sum of the terms' absolute values (Higham 2002, §4.2: a sum in which every term passes through
 * at most k roundings is within γ_k·Σ|terms| of the exact one, γ_k = k·u / (1 − k·u), k·u to first order); zero for
 * elementwise results. The tolerances are multiples of the unit roundoffs below; each test counts its roundings (both
 * sides' worst cases added, so far above what random data shows). For a bf16 output the kernel rounds its fp32
 * result y once more, |bf16(y) − y| ≤ u_bf16·|y|, so its tolerance is u_bf16 plus the fp32 count (times 1 + u_bf16,
 * dropped: below the second digit).
 */
final class KernelBench implements AutoCloseable {
    /** u of fp32: 24 significant bits. */
    static final double FP32_UNIT = 0x1p-24;
    /** u of bf16: 8 significant bits. */
    static final double BF16_UNIT = 0x1p-8;
    /**
     * exp on the two sides: VectorMath.exp within 2.5e-7 relative (VectorMathTest asserts it over [-87, 88]), glibc's
     * expf within 0.502 ulp = 6.0e-8 relative (its documented bound); together 3.1e-7, counted as 6 u.
     */
    static final int EXP_ROUNDINGS = 6;

    final DataType type;
    final EmulatedDevice device;
    final KernelLauncher kernels;
    final Parallel team = new Parallel(1);
    private final SplittableRandom random;

    private KernelBench(DataType type, long seed) {
        this.type = type;
        this.device = EmulatorLibrary.device(256L << 20);
        this.kernels = new KernelLauncher(device, type);
        this.random = new SplittableRandom(seed);
    }

    /** Skips the calling test class where g++ is missing. */
    static void assumeEmulator() {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
    }

    static KernelBench open(DataType type, long seed) {
        return new KernelBench(type, seed);
    }

    /** The extra relative tolerance of an output stored in this type: u_bf16 for bf16, none for fp32. */
    double storageUnit() {
        return type == DataType.BF16 ? BF16_UNIT : 0;
    }

    // ---- random inputs, exactly representable in the storage type ----------------------------------------------

    /** Normal(mean, sigma), rounded to the storage type. */
    float[] normal(int n, double mean, double sigma) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = stored((float) (mean + sigma * random.nextGaussian()));
        }
        return x;
    }

    /** Normal(0, sigma) in fp32, for fp32 buffers of either precision (gradients, moments, statistics). */
    float[] normalF32(int n, double sigma) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (sigma * random.nextGaussian());
        }
        return x;
    }

    int[] ints(int n, int bound) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(bound);
        }
        return x;
    }

    /** x as the storage type holds it. */
    float stored(float x) {
        return type == DataType.BF16 ? Bf16.round(x) : x;
    }

    /** A copy of x, each element as the storage type holds it. */
    float[] stored(float[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = stored(x[i]);
        }
        return r;
    }

    // ---- device buffers ----------------------------------------------------------------------------------------

    /** A new buffer of the storage type holding x, which must be representable in it. */
    DevicePointer upload(float[] x) {
        DevicePointer p = device.allocate((long) type.bytes * Math.max(1, x.length));
        write(p, x);
        return p;
    }

    /** Writes x in the storage type at p. */
    void write(DevicePointer p, float[] x) {
        if (type == DataType.F32) {
            device.copyToDevice(p, MemorySegment.ofArray(x));
            return;
        }
        short[] bits = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            bits[i] = Bf16.fromFloat(x[i]);
            if (Bf16.toFloat(bits[i]) != x[i] && !Float.isNaN(x[i])) {
                throw new IllegalArgumentException(x[i] + " at " + i + " is not a bf16 value: round it first");
            }
        }
        device.copyToDevice(p, MemorySegment.ofArray(bits));
    }

    DevicePointer uploadF32(float[] x) {
        DevicePointer p = device.allocate(4L * Math.max(1, x.length));
        device.copyToDevice(p, MemorySegment.ofArray(x));
        return p;
    }

    DevicePointer uploadInts(int[] x) {
        DevicePointer p = device.allocate(4L * Math.max(1, x.length));
        device.copyToDevice(p, MemorySegment.ofArray(x));
        return p;
    }

    /** n elements of the storage type at p, widened to fp32 (exact). */
    float[] download(DevicePointer p, int n) {
        if (type == DataType.F32) {
            return downloadF32(p, n);
        }
        short[] bits = new short[n];
        device.copyToHost(MemorySegment.ofArray(bits), p);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = Bf16.toFloat(bits[i]);
        }
        return x;
    }

    float[] downloadF32(DevicePointer p, int n) {
        float[] x = new float[n];
        device.copyToHost(MemorySegment.ofArray(x), p);
        return x;
    }

    short[] downloadShorts(DevicePointer p, int n) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(2L * n);
            device.copyToHost(s, p);
            return s.toArray(ValueLayout.JAVA_SHORT);
        }
    }

    // ---- comparison --------------------------------------------------------------------------------------------

    /**
     * Asserts |actual − expected| ≤ tolerance · (|expected| + magnitude) for every element (NaN only against NaN;
     * zero tolerance means equal values) and prints the largest error seen on that scale, for the report.
     * {@code magnitude} null means zeros.
     *
     * @return the largest |actual − expected| / (|expected| + magnitude)
     */
    double agree(String kernel, String output, float[] expected, float[] actual, double[] magnitude,
                 double tolerance) {
        if (expected.length != actual.length) {
            fail(kernel + " " + output + ": " + actual.length + " values, expected " + expected.length);
        }
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    fail(kernel + " " + output + "[" + i + "] = " + a + ", twin " + e);
                }
                continue;
            }
            double diff = Math.abs((double) a - e);
            if (diff == 0) {
                continue;
            }
            double scale = Math.abs((double) e) + (magnitude == null ? 0 : magnitude[i]);
            double error = scale == 0 ? Double.POSITIVE_INFINITY : diff / scale;
            if (!(error <= tolerance)) {
                fail(String.format(Locale.ROOT, "%s %s (%s)[%d] = %s, twin %s: error %.3e of |twin| + m = %.3e, "
                        + "above the tolerance %.3e", kernel, output, type.suffix(), i, a, e, error, scale, tolerance));
            }
            largest = Math.max(largest, error);
        }
        System.out.printf(Locale.ROOT, "kernel vs twin | %-44s | %-4s | tolerance %.2e | largest error %.2e%n",
                kernel + " " + output, type.suffix(), tolerance, largest);
        return largest;
    }

    @Override
    public void close() {
        team.close();
        device.close();
    }
}
