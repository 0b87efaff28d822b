package dev.napkin.estimator.flops;

import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.ParameterCount;

/**
 * llm.c's count ({@code gpt2_estimate_mfu} in train_gpt2.cu): 6·N + 6·L·C·T per token, N every parameter. The
 * attention term is half of PaLM's 12·L·H·Q·T because a causal mask leaves half of the T x T scores to compute (a
 * query attends to itself and the positions before it). Here C is the attention width H·Q, which it equals in
 * GPT-2; N is the active count for a mixture of experts.
 */
final class CausalAttention {
    private CausalAttention() {
    }

    static FlopsPerToken perToken(Model model, int seq) {
        ModelShape s = model.requireShape("the causal formula (attention term 6·L·C·T)");
        ParameterCount count = ParameterCount.of(s);
        double n = count.active();
        // forward: 2 FLOPs per multiply-add of Q·K^T and P·V over the T/2 positions a query sees on average
        double attention = AttentionCore.forwardMatmuls(s, seq) / 2;
        double layersForward = 2.0 * count.activeNonEmbedding() + attention;
        return new FlopsPerToken(FlopsFormula.CAUSAL, 2 * n + attention, 4 * n + 2 * attention, layersForward,
                attention);
    }
}
