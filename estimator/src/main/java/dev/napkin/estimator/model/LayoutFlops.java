package dev.napkin.estimator.model;

/**
 * Forward FLOPs per token of a {@link LayerLayout}, layer by layer: 2 per weight of the matmuls a token passes
 * through (its attention projections, the router, the shared experts and the k routed experts it is sent to, not
 * the experts it skips), and the attention core over the keys each layer's span lets a query see: Q·Kᵀ is
 * 2·NH·d_qk and P·V 2·NH·d_v FLOPs per key (MLA: d_qk = qk_nope_head_dim + qk_rope_head_dim, d_v = v_head_dim), the
 * softmax 3·NH per key (Chinchilla appendix F). Keys per query follow PaLM appendix B's convention (T for full
 * attention, no causal halving), min(W, T) for a window W.
 */
public final class LayoutFlops {
    private LayoutFlops() {
    }

    /** 2 x the matmul weights one token passes through in the layers (no embedding, no head). */
    public static double layerMatmuls(ModelShape s, LayerLayout layout) {
        double sum = 0;
        for (LayerSpec l : layout.layers()) {
            sum += 2.0 * (l.attention().matmulWeights(s.dModel()) + l.feedForward().activeMatmulWeights(s.dModel()));
        }
        return sum;
    }

    /** Q·Kᵀ and P·V of every layer per token at sequence length T. */
    public static double attentionMatmuls(LayerLayout layout, int seq) {
        double sum = 0;
        for (LayerSpec l : layout.layers()) {
            AttentionBlock a = l.attention();
            sum += 2.0 * a.heads() * (a.qkHeadDim() + a.vHeadDim()) * l.span().keysPerQuery(seq);
        }
        return sum;
    }

    /** The softmax over the scores of every layer per token, 3 per score. */
    public static double softmax(LayerLayout layout, int seq) {
        double sum = 0;
        for (LayerSpec l : layout.layers()) {
            sum += 3.0 * l.attention().heads() * l.span().keysPerQuery(seq);
        }
        return sum;
    }
}
