package dev.napkin.cli;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.ContextLength;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.units.Quantities;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import java.util.Locale;

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

    /** The GPU's dense peak for {@code dtype}, or a one-line error naming the flag that asked for it and the fix. */
    static double requirePeak(GpuSpec gpu, ComputeDtype dtype, String askedBy, String fix) {
        if (gpu.peakFlopsPerSec(dtype).isEmpty()) {
            throw new IllegalArgumentException(askedBy + " needs a dense " + dtype.id() + " rate, and " + gpu.id()
                    + " has none published; " + fix);
        }
        return gpu.peakFlopsPerSec(dtype).getAsDouble();
    }

    static Recompute recompute(String text) {
        for (Recompute r : Recompute.values()) {
            if (r.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("--recompute '" + text + "' is not known; use none, selective or full");
    }

    /** {@code --gpus}: a whole number from 1 to ten million (beyond any cluster built). */
    static int gpuCount(String text) {
        return (int) Quantities.atMost(Quantities.wholeCount(text, "--gpus"), 1e7, text, "--gpus",
                "ten million GPUs");
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
            if (seq < 1) {
                throw new IllegalArgumentException("--seq must be at least 1, got " + seq);
            }
            return seq;
        }
        return model.shape().map(s -> s.context()).orElse(DEFAULT_SEQ);
    }
}
