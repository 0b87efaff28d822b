package dev.napkin.estimator.memory;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.model.Dropout;

/**
 * What decides the activations kept for backward.
 *
 * @param microBatch     sequences per GPU per step (b)
 * @param seq            sequence length (s)
 * @param flashAttention fused attention that never stores the NH x s x s scores (Dao et al. 2022)
 * @param dropouts       which dropouts keep masks (1 byte per element), kind by kind
 * @param trainer        whose memory habits to count beyond the stored activations (default: a framework's)
 * @param threads        worker threads of napkin's CPU trainer, each with its own scratch
 *                       ({@link HandWrittenScratch}); 0 for a trainer without per-thread buffers
 */
public record ActivationSettings(int microBatch, int seq, Recompute recompute, boolean flashAttention,
                                 Dropout dropouts, Trainer trainer, int threads) {
    public ActivationSettings {
        if (microBatch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + microBatch);
        }
        if (seq < 1) {
            throw new IllegalArgumentException("--seq must be at least 1, got " + seq);
        }
        if (recompute == null) {
            throw new IllegalArgumentException("recompute policy is missing");
        }
        if (dropouts == null) {
            throw new IllegalArgumentException("dropout setting is missing");
        }
        if (trainer == null) {
            throw new IllegalArgumentException("trainer kind is missing");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (threads > 0 && trainer != Trainer.HAND_WRITTEN) {
            throw new IllegalArgumentException("per-thread scratch belongs to the hand-written CPU trainer, not to "
                    + trainer.id() + "; give 0 threads");
        }
    }

    /** A framework's trainer (PyTorch, Megatron-LM): Korthikanti et al.'s accounting; dropout all kinds or none. */
    public ActivationSettings(int microBatch, int seq, Recompute recompute, boolean flashAttention, boolean dropout) {
        this(microBatch, seq, recompute, flashAttention, Dropout.of(dropout), Trainer.FRAMEWORK, 0);
    }

    /** A framework's trainer with dropout kind by kind. */
    public ActivationSettings(int microBatch, int seq, Recompute recompute, boolean flashAttention, Dropout dropouts) {
        this(microBatch, seq, recompute, flashAttention, dropouts, Trainer.FRAMEWORK, 0);
    }

    /** {@code trainer} without per-thread scratch; dropout all kinds or none. */
    public ActivationSettings(int microBatch, int seq, Recompute recompute, boolean flashAttention, boolean dropout,
                              Trainer trainer) {
        this(microBatch, seq, recompute, flashAttention, Dropout.of(dropout), trainer, 0);
    }

    /** Whether any dropout keeps masks. */
    public boolean dropout() {
        return dropouts.any();
    }

    public ActivationSettings withMicroBatch(int newMicroBatch) {
        return new ActivationSettings(newMicroBatch, seq, recompute, flashAttention, dropouts, trainer, threads);
    }
}
