package dev.napkin.estimator.flops;

import dev.napkin.estimator.model.Model;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The training-FLOPs formulas napkin knows, each with its source. */
public enum FlopsFormula {
    SIX_PT("6pt", "6·P per token (2 forward, 4 backward): Kaplan et al. 2020 section 2.1; CS336 lecture 2"),
    PALM("palm", "6·N + 12·L·H·Q·T per token: Chowdhery et al. 2022 (PaLM), appendix B"),
    CAUSAL("causal", "6·N + 6·L·C·T per token (half the attention scores are masked): llm.c, gpt2_estimate_mfu"),
    CHINCHILLA("chinchilla", "per-op forward count, backward = 2 x forward: Hoffmann et al. 2022 (Chinchilla), appendix F"),
    CHINCHILLA_A4("chinchilla-a4", "appendix F's per-op count of the layers only (no embeddings or logits), backward "
            + "= 2 x forward, as Hoffmann et al. 2022 (Chinchilla) compute table A4"),
    MEGATRON("megatron", "72·l·h²·(1 + s/6h + V/12lh) per token: Korthikanti et al. 2022 eq. 7; with full recompute "
            + "96·l·h²·(1 + s/6h + V/16lh): Narayanan et al. 2021 eq. 3; with selective recompute "
            + "72·l·h²·(1 + s/3h + V/12lh): Korthikanti et al. 2022 eq. 8");

    private final String id;
    private final String citation;

    FlopsFormula(String id, String citation) {
        this.id = id;
        this.citation = citation;
    }

    public String id() {
        return id;
    }

    public String citation() {
        return citation;
    }

    /** FLOPs per token of one training step at sequence length {@code seq}. */
    public FlopsPerToken perToken(Model model, int seq) {
        if (seq <= 0) {
            throw new IllegalArgumentException("sequence length must be at least 1, got " + seq);
        }
        return switch (this) {
            case SIX_PT -> SixPt.perToken(model, seq);
            case PALM -> PalmAppendixB.perToken(model, seq);
            case CAUSAL -> CausalAttention.perToken(model, seq);
            case CHINCHILLA -> ChinchillaAppendixF.perToken(model, seq);
            case CHINCHILLA_A4 -> ChinchillaAppendixF.tableA4PerToken(model, seq);
            case MEGATRON -> MegatronEquation3.perToken(model, seq);
        };
    }

    public static FlopsFormula parse(String text) {
        for (FlopsFormula f : values()) {
            if (f.id.equalsIgnoreCase(text.strip()) || f.name().equalsIgnoreCase(text.strip().replace('-', '_'))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown FLOPs formula '" + text + "'; use one of "
                + Arrays.stream(values()).map(FlopsFormula::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
