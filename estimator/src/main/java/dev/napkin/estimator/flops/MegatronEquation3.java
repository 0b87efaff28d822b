package dev.napkin.estimator.flops;

import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;

/**
 * The Megatron-LM count for a GPT (h = C, MLP 4h, all heads full width), per token (divide the papers' per-batch
 * formulas by B·s):
 * <ul>
 *   <li>model FLOPs 72·l·h²·(1 + s/(6h) + V/(12·l·h)): Korthikanti et al. 2022, appendix A, eq. 7;</li>
 *   <li>with full recompute 96·l·h²·(1 + s/(6h) + V/(16·l·h)): Narayanan et al. 2021, eq. 3, i.e. the layers'
 *       forward 24·l·h²·(1 + s/(6h)) once more (the logits are not recomputed);</li>
 *   <li>with selective recompute 72·l·h²·(1 + s/(3h) + V/(12·l·h)): Korthikanti et al. 2022, appendix A, eq. 8,
 *       i.e. 12·l·h·s more per token, an overhead of 2.7% for GPT-3 and 1.6% for MT-NLG (section 5). That is three
 *       times the attention core's forward matmuls (4·l·h·s), what napkin's other conventions count as rerun.</li>
 * </ul>
 * Other shapes (SwiGLU, GQA) are outside what the formula describes: it uses h and l only.
 */
final class MegatronEquation3 {
    private MegatronEquation3() {
    }

    static FlopsPerToken perToken(Model model, int seq) {
        ModelShape s = model.requireShape("the Megatron-LM formula");
        double h = s.dModel();
        double l = s.layers();
        double layersForward = 24 * l * h * h * (1 + seq / (6 * h));
        double logitsForward = 2 * h * s.vocab();
        double forward = layersForward + logitsForward;
        // eq. 8 - eq. 7: 72·l·h²·(s/(3h) - s/(6h)) = 12·l·h·s per token
        double selectiveEquation8 = 12 * l * h * seq;
        return new FlopsPerToken(FlopsFormula.MEGATRON, forward, 2 * forward, layersForward, selectiveEquation8);
    }
}
