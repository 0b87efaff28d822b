package dev.napkin.estimator.flops;

import dev.napkin.estimator.model.LayoutFlops;
import dev.napkin.estimator.model.ModelShape;

/** Forward FLOPs per token of the attention core, the part selective recomputation reruns. */
final class AttentionCore {
    private AttentionCore() {
    }

    /**
     * Q·K^T and attention·V: 2 matmuls of 2·T·HS FLOPs per head per token, 4·L·NH·HS·T in all
     * (PaLM appendix B's 12·L·H·Q·T is this times 3 for forward and backward).
     */
    static double forwardMatmuls(ModelShape s, int seq) {
        if (s.layoutOrNull() != null) {
            // per layer over the keys its span sees, in each layer's own head widths (MLA's d_qk and d_v)
            return LayoutFlops.attentionMatmuls(s.layoutOrNull(), seq);
        }
        return 4.0 * s.layers() * s.attentionWidth() * seq;
    }
}
