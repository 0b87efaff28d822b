package dev.napkin.cli;

import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.ContextLength;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.units.Quantities;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import java.nio.file.Path;

/** Parsing shared by several commands, each refusal one line naming the flag. */
final class Options {
    /** Used when a bare parameter count gives no context length to default to. */
    static final int DEFAULT_SEQ = 2048;

    private Options() {
    }

    static ComputeDtype computeDtype(Precision precision, boolean tf32) {
        if (tf32 && precision != Precision.FP32) {
            throw new IllegalArgumentException("--tf32 goes with --precision fp32 (TF32 is how fp32 matmuls run on tensor cores)");
        }
        return tf32 ? ComputeDtype.TF32 : precision.computeDtype();
    }

    /** The GPU's dense peak for {@code dtype}, or a one-line error saying what it has and the fix. */
    static double requirePeak(GpuSpec gpu, ComputeDtype dtype, String fix) {
        try {
            return gpu.requirePeakFlopsPerSec(dtype);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; " + fix, e);
        }
    }

    /** Sequences per GPU per step: ten million is far past any that fits (GPT-2 small: 60 on an A100). */
    static final int MAX_BATCH = 10_000_000;
    /** Data, tensor or pipeline parallel sizes, like {@code --gpus}: ten million, beyond any cluster built. */
    static final int MAX_PARALLEL = 10_000_000;
    static final double MAX_GPUS = 1e7;

    /** An integer option within [min, max], or one line naming the flag, the bound and the value. */
    static int range(int value, String flag, int min, int max) {
        if (value < min) {
            throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException(flag + " must be at most " + max + ", got " + value);
        }
        return value;
    }

    /** {@link #range} for an option that may be absent. */
    static Integer range(Integer value, String flag, int min, int max) {
        return value == null ? null : (Integer) range(value.intValue(), flag, min, max);
    }

    /**
     * TFLOP/s per GPU (a peak, or what a paper achieved): from 1 GFLOP/s, slower than any accelerator, to the
     * 1e17 FLOP/s above which the GPU table refuses a peak as a unit slip.
     */
    static double tflops(String text, String flag) {
        double value = Quantities.positive(text, flag);
        Quantities.atLeast(value, 1e-3, text, flag, "0.001 TFLOP/s (1 GFLOP/s, slower than any accelerator)");
        return Quantities.atMost(value, GpuSpec.ABSURD_PEAK_PER_SEC / 1e12, text, flag,
                "100000 TFLOP/s (1e17 FLOP/s, the most the GPU table allows one device)");
    }

    /** Dollars per GPU-hour, up to a thousand: cloud H100s rent for a few dollars. */
    static double price(String text, String flag) {
        return Quantities.atMost(Quantities.positive(text, flag), 1000, text, flag,
                "$1000 per GPU-hour (cloud GPUs rent for a few dollars)");
    }

    /** Model FLOPs utilisation in [0.001, 1]: below 0.1% a run is not using the GPU at all. */
    static double mfu(String text, String flag) {
        return Quantities.atLeast(Quantities.fraction(text, flag), 1e-3, text, flag,
                "0.001 (0.1%), far below any reported run");
    }

    /** Memory per GPU: from 1 MiB to 1 PB (the largest GPUs hold under 300 GB). */
    static double memoryPerGpu(String text, String flag) {
        double bytes = Quantities.bytes(text, flag);
        Quantities.atLeast(bytes, 0x1p20, text, flag, "1 MiB, less than any GPU holds");
        return Quantities.atMost(bytes, 1e15, text, flag, "1 PB per GPU (the largest GPUs hold under 300 GB)");
    }

    /** A folder napkin writes to: an empty name would mean the current folder, which nobody types on purpose. */
    static Path outputFolder(Path dir, String flag) {
        if (dir == null || dir.toString().isBlank()) {
            throw new IllegalArgumentException(flag + " is empty; give a folder name, e.g. " + flag + " results");
        }
        return dir;
    }

    /** {@code --gpus}: a whole number from 1 to ten million (beyond any cluster built). */
    static int gpuCount(String text, String flag) {
        return (int) Quantities.atMost(Quantities.wholeCount(text, flag), MAX_GPUS, text, flag, "ten million GPUs");
    }

    /**
     * The sequence length as {@link #sequence(Integer, Model)} gives it, held to one rule for every command
     * ({@link ContextLength}): above a learned position table it is refused, above rotary or relative positions
     * it is counted and {@code notes} says so.
     */
    static int sequence(Integer seq, Model model, java.util.List<String> notes) {
        int sequence = sequence(seq, model);
        ContextLength.check(model, sequence).ifPresent(notes::add);
        return sequence;
    }

    /** The sequence length: as given, else the model's context, else {@link #DEFAULT_SEQ}. */
    static int sequence(Integer seq, Model model) {
        if (seq != null) {
            return range(seq, "--seq", 1, ModelShape.MAX_CONTEXT);
        }
        return model.shape().map(s -> s.context()).orElse(DEFAULT_SEQ);
    }
}
