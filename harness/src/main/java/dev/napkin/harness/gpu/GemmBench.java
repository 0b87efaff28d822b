package dev.napkin.harness.gpu;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the GEMMs of one training step ({@link GemmShapes}) on a device, with each GEMM it has: the device's own
 * ({@link Device#gemm}: cuBLAS on a GPU, the reference on the emulator) and napkin's kernels ({@link KernelGemm}).
 * Each shape runs {@code warmup} untimed calls, then {@code reps} calls between two events; TFLOP/s = 2·m·n·k·batches
 * per call / the mean time, against the dense peak of the step's precision. Inputs are random (a GEMM's speed does
 * not depend on its values, except for NaN and denormal handling, which random inputs avoid). Before timing, each
 * engine computes C once from zero, and every engine's C is compared with the first's.
 */
public final class GemmBench {
    /** A GEMM implementation. */
    public enum Engine {
        /** What {@link Device#gemm} runs: cuBLAS on a GPU (napkin's kernels where cuBLAS is absent). */
        DEVICE,
        /** napkin's gemm.cu kernels, tensor cores where the GPU has them. */
        KERNELS
    }

    /**
     * One shape timed with one engine.
     *
     * @param errorVsFirst the relative L2 difference of this engine's C from the first engine's on the same inputs
     *                     (0 for the first engine): napkin's kernels checked against cuBLAS on the GPU itself
     */
    public record Row(String engine, GemmShapes.Shape shape, double secondsPerCall, double flopsPerSecond,
                      double fractionOfPeak, double errorVsFirst) {
    }

    private GemmBench() {
    }

    /**
     * @param engineNames what each engine is called in the rows (e.g. the cuBLAS library and version)
     * @param tensorCores whether napkin's kernels may use mma.sync (sm_80 and later)
     */
    public static List<Row> run(Device device, List<GemmShapes.Shape> shapes, List<Engine> engines,
                                java.util.Map<Engine, String> engineNames, boolean tensorCores, int warmup, int reps,
                                double peakFlopsPerSecond) {
        if (reps < 1 || warmup < 0) {
            throw new IllegalArgumentException("a GEMM benchmark needs at least 1 timed call and 0 or more warm-up "
                    + "calls, got " + reps + " and " + warmup);
        }
        List<Row> rows = new ArrayList<>();
        for (GemmShapes.Shape s : shapes) {
            DevicePointer a = randomBuffer(device, s.aElements(), s.inputs(), 1);
            DevicePointer b = randomBuffer(device, s.bElements(), s.inputs(), 2);
            DevicePointer c = device.allocate(s.cElements() * s.output().bytes);
            try {
                GemmCall call = s.call(a, b, c);
                float[] first = null;
                for (Engine e : engines) {
                    Runnable once = e == Engine.DEVICE ? () -> device.gemm(call)
                            : () -> KernelGemm.run(device, call, tensorCores);
                    // one call on a zeroed C: the result to compare engines by
                    device.zero(c, s.cElements() * s.output().bytes);
                    once.run();
                    float[] result = download(device, c, s.cElements(), s.output());
                    double error = first == null ? 0 : relativeError(first, result);
                    first = first == null ? result : first;
                    for (int i = 0; i < warmup; i++) {
                        once.run();
                    }
                    Device.Event start = device.record();
                    for (int i = 0; i < reps; i++) {
                        once.run();
                    }
                    Device.Event end = device.record();
                    double seconds = device.elapsedMillis(start, end) / 1e3 / reps;
                    double flops = s.flops() / seconds;
                    rows.add(new Row(engineNames.getOrDefault(e, e.name().toLowerCase(java.util.Locale.ROOT)), s,
                            seconds, flops, flops / peakFlopsPerSecond, error));
                }
            } finally {
                device.free(a);
                device.free(b);
                device.free(c);
            }
        }
        return rows;
    }

    private static float[] download(Device device, DevicePointer p, long elements, DataType type) {
        int n = Math.toIntExact(elements);
        float[] out = new float[n];
        if (type == DataType.F32) {
            device.copyToHost(MemorySegment.ofArray(out), p);
        } else {
            short[] raw = new short[n];
            device.copyToHost(MemorySegment.ofArray(raw), p);
            for (int i = 0; i < n; i++) {
                out[i] = Bf16.toFloat(raw[i]);
            }
        }
        return out;
    }

    private static double relativeError(float[] expected, float[] actual) {
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            ref += (double) expected[i] * expected[i];
        }
        return ref == 0 ? Math.sqrt(diff) : Math.sqrt(diff / ref);
    }

    /** Uniform values in [-1, 1) rounded to the storage type; filled on the host a slice at a time. */
    private static DevicePointer randomBuffer(Device device, long elements, DataType type, long seed) {
        DevicePointer p = device.allocate(elements * type.bytes);
        SplittableRandom random = new SplittableRandom(seed);
        int slice = 1 << 20;
        for (long at = 0; at < elements; at += slice) {
            int n = (int) Math.min(slice, elements - at);
            MemorySegment host;
            if (type == DataType.F32) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (random.nextDouble() * 2 - 1);
                }
                host = MemorySegment.ofArray(v);
            } else {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Bf16.fromFloat((float) (random.nextDouble() * 2 - 1));
                }
                host = MemorySegment.ofArray(v);
            }
            device.copyToDevice(p.plus(at * type.bytes), host);
        }
        return p;
    }
}
