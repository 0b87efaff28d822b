package dev.napkin.cli;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.Model;
import picocli.CommandLine.Option;

/** Mixin: what decides the activations (batch, sequence, recompute, attention kind, dropout). */
final class ActivationOptions {
    @Option(names = "--batch", paramLabel = "B", description = "Micro-batch: sequences per GPU per step.")
    Integer batch;

    @Option(names = "--seq", paramLabel = "T", description = "Sequence length (default: the model's context).")
    Integer seq;

    @Option(names = "--recompute", paramLabel = "POLICY", defaultValue = "none",
            converter = Choices.Recomputes.class,
            description = "none (default), selective (attention core) or full (layer inputs only).")
    Recompute recompute;

    @Option(names = "--flash-attention", description = "Fused attention: the NH x T x T scores are never stored.")
    boolean flashAttention;

    @Option(names = "--dropout", negatable = true,
            description = "Keep dropout masks of every kind (default: each kind as the model trains; GPT-2/3 all, Llama none).")
    Boolean dropout;

    /** The settings for {@code batch} sequences; {@code batch} null means "activations not asked for". */
    ActivationSettings settings(Model model, int microBatch) {
        return settings(model, microBatch, new java.util.ArrayList<>());
    }

    /**
     * The settings for {@code microBatch} sequences; a sequence beyond a rotary model's context adds a note. Without
     * {@code --dropout/--no-dropout}, each dropout kind as the model trains with it.
     */
    ActivationSettings settings(Model model, int microBatch, java.util.List<String> notes) {
        Options.range(microBatch, "--batch", 1, Options.MAX_BATCH);
        int sequence = Options.sequence(seq, model, notes);
        return new ActivationSettings(microBatch, sequence, recompute, flashAttention,
                dropout == null ? model.dropout() : Dropout.of(dropout));
    }
}
