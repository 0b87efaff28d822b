package dev.napkin.estimator.model;

/**
 * A mixture of experts (Shazeer et al. 2017; Fedus et al. 2022): a router (C x E), E routed gated experts of hidden
 * width F_e of which k run per token, and shared experts every token runs (DeepSeekMoE, Dai et al. 2024).
 * <ul>
 *   <li>Qwen2-MoE: {@code shared_expert} (width shared_expert_intermediate_size) and a {@code shared_expert_gate}
 *       (C x 1) (transformers/models/qwen2_moe/modeling_qwen2_moe.py);</li>
 *   <li>Qwen3-MoE: no shared expert (transformers/models/qwen3_moe/modeling_qwen3_moe.py);</li>
 *   <li>DeepSeek-V3: {@code shared_experts} of width moe_intermediate_size x n_shared_experts; its router's
 *       e_score_correction_bias is a buffer, not a parameter (transformers/models/deepseek_v3/modeling_deepseek_v3.py);</li>
 *   <li>Llama 4: {@code shared_expert} of width intermediate_size (transformers/models/llama4/modeling_llama4.py);</li>
 *   <li>gpt-oss: biases on the router and on each expert's gate_up_proj (2·F_e) and down_proj (C)
 *       (transformers/models/gpt_oss/modeling_gpt_oss.py).</li>
 * </ul>
 *
 * @param sharedHidden total hidden width of the shared experts, 0 for none
 */
public record MixtureOfExperts(int experts, int perToken, int expertHidden, int sharedHidden, boolean sharedGate,
                               boolean routerBias, boolean expertBias) implements FeedForward {
    public MixtureOfExperts {
        if (experts < 1 || perToken < 1 || expertHidden < 1 || sharedHidden < 0) {
            throw new IllegalArgumentException("a mixture of experts needs experts, experts per token and an expert "
                    + "width of at least 1, got " + experts + ", " + perToken + ", " + expertHidden);
        }
        if (perToken > experts) {
            throw new IllegalArgumentException("num_experts_per_tok " + perToken + " is more than the " + experts
                    + " experts");
        }
    }

    /** One routed expert: gate and up (C x F_e), down (F_e x C), with gpt-oss's biases. */
    public long expertParams(long c) {
        return 3 * c * expertHidden + (expertBias ? 2L * expertHidden + c : 0);
    }

    public long sharedParams(long c) {
        return 3 * c * sharedHidden;
    }

    /**
     * Bytes of one element of the router's probabilities, which its backward keeps for each token and expert: fp32,
     * as transformers computes them (modeling_mixtral.py and the Qwen MoE files: {@code F.softmax(router_logits,
     * dim=1, dtype=torch.float)}; DeepSeek-V3 and Llama 4: a sigmoid in fp32). Not modelled: gpt-oss keeps only the
     * k top values' softmax, and DeepSeek-V3's router also an fp32 copy of its input.
     */
    public static final int ROUTER_BYTES = 4;

    @Override
    public long routerParams(long c) {
        return c * experts + (routerBias ? experts : 0) + (sharedGate ? c : 0);
    }

    @Override
    public long params(long c) {
        return experts * expertParams(c) + sharedParams(c) + routerParams(c);
    }

    @Override
    public long activeParams(long c) {
        return perToken * expertParams(c) + sharedParams(c) + routerParams(c);
    }

    @Override
    public long activeMatmulWeights(long c) {
        return perToken * 3 * c * expertHidden + sharedParams(c) + c * experts + (sharedGate ? c : 0);
    }

    @Override
    public long keptPerToken(long c) {
        // each routed expert gets its own copy of the token (C) and keeps gate, up and their product (3·F_e); the
        // shared experts read the norm's output and keep 3·F_s (the router's probabilities: ROUTER_BYTES)
        long shared = sharedHidden > 0 ? c + 3L * sharedHidden : 0;
        return perToken * (c + 3L * expertHidden) + shared;
    }

    @Override
    public long widestPerToken(long c) {
        return Math.max((long) perToken * expertHidden, sharedHidden);
    }
}
