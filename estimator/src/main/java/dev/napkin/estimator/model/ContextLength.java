package dev.napkin.estimator.model;

import java.util.Optional;

/**
 * One rule, for every command, for a sequence longer than the model's context. A learned position embedding has
 * exactly {@code context} rows (GPT-2's wpe, Radford et al. 2019), so a longer sequence has no position to look up:
 * refused. Rotary (Su et al. 2021) and relative positions (Dai et al. 2019) are computed from the position and
 * have no table: accepted, with a note that the model was not trained that long.
 */
public final class ContextLength {
    private ContextLength() {
    }

    /**
     * Nothing when {@code seq} is within the context or the model has no shape; a note when it is longer and the
     * positions extend; an {@link IllegalArgumentException} naming the value and the fix when they cannot.
     */
    public static Optional<String> check(Model model, int seq) {
        if (model.shape().isEmpty() || seq <= model.shape().get().context()) {
            return Optional.empty();
        }
        ModelShape s = model.shape().get();
        if (s.position() == PositionKind.LEARNED) {
            throw new IllegalArgumentException("--seq " + seq + " is above " + model.id() + "'s context "
                    + s.context() + " (its learned position embedding has " + s.context() + " rows); use --seq "
                    + s.context() + " or less");
        }
        return Optional.of("--seq " + seq + " is longer than " + model.id() + "'s context " + s.context() + ": "
                + (s.position() == PositionKind.ROTARY ? "rotary" : "relative")
                + " positions have no table, so the counts hold, but the model was not trained that long");
    }
}
