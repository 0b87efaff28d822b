package dev.napkin.profiler;

import dev.napkin.estimator.model.Dropout;
import dev.napkin.gpu.ComputeDtype;

/**
 * One training step to profile: B sequences of T tokens, tensors stored in {@code dtype}.
 *
 * @param dropouts the dropouts that run (rate above zero), kind by kind as the model applies them ({@link Dropout}):
 *                 each kind's ops are counted and its masks kept
 */
public record ProfileSettings(int batch, int seq, ComputeDtype dtype, Dropout dropouts, AttentionKind attention,
                              CountMode count) {
    public ProfileSettings {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        if (seq < 1) {
            throw new IllegalArgumentException("--seq must be at least 1, got " + seq);
        }
        if (dtype == null || dropouts == null || attention == null || count == null) {
            throw new IllegalArgumentException("profile settings need a dtype, the dropouts, an attention kind and a "
                    + "count mode");
        }
    }

    /** Every dropout kind or none: the single switch of {@code --dropout/--no-dropout}. */
    public ProfileSettings(int batch, int seq, ComputeDtype dtype, boolean dropout, AttentionKind attention,
                           CountMode count) {
        this(batch, seq, dtype, Dropout.of(dropout), attention, count);
    }

    /** Whether any dropout runs. */
    public boolean dropout() {
        return dropouts.any();
    }

    /** Tokens in the step, B·T. */
    public double tokens() {
        return (double) batch * seq;
    }
}
