package dev.napkin.harness.gpu;

import java.util.Locale;

/**
 * How the GPU trainer computes causal attention: {@code naive} stores the B·NH·T·T probabilities of every layer and
 * multiplies through strided-batched GEMMs; {@code fused} is a flash-attention-style kernel pair (Dao et al. 2022)
 * that keeps only each row's log-sum-exp.
 */
public enum AttentionKind {
    NAIVE, FUSED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttentionKind parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "naive" -> NAIVE;
            case "fused" -> FUSED;
            default -> throw new IllegalArgumentException("unknown attention path '" + text + "'; use naive or fused");
        };
    }
}
