package dev.napkin.estimator.model;

/**
 * One decoder layer: its attention, which keys the attention sees, its feed-forward block, and how many C-wide
 * norm weight vectors it holds (2 for pre-norm Llama-style layers; 4 for Gemma 2/3's pre- and post-norms around
 * both blocks; 2 for OLMo 2's post-norms).
 */
public record LayerSpec(AttentionBlock attention, AttentionSpan span, FeedForward feedForward, int norms) {
    public LayerSpec {
        if (attention == null || span == null || feedForward == null) {
            throw new IllegalArgumentException("a layer needs its attention, span and feed-forward block");
        }
        if (norms < 0) {
            throw new IllegalArgumentException("a layer cannot have " + norms + " norms");
        }
    }

    public long params(long c) {
        return attention.params(c) + feedForward.params(c) + norms * c;
    }

    public long activeParams(long c) {
        return attention.params(c) + feedForward.activeParams(c) + norms * c;
    }

    public boolean isMixtureOfExperts() {
        return feedForward instanceof MixtureOfExperts;
    }

    /** What kind of layer this is, for tables: "mla+moe, sliding 128" and the like. */
    public String kind() {
        String a = attention instanceof LatentAttention ? "mla" : "attention";
        String f = feedForward instanceof MixtureOfExperts ? "moe" : "mlp";
        return a + "+" + f + ", " + span;
    }
}
