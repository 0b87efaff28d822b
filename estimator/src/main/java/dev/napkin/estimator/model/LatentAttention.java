package dev.napkin.estimator.model;

/**
 * Multi-head latent attention (DeepSeek-V2, Liu et al. 2024, section 2.1; DeepSeek-V3 technical report, section
 * 2.1.1), as transformers/models/deepseek_v3/modeling_deepseek_v3.py builds it (DeepseekV3Attention):
 * <pre>
 *   q_a_proj            C x q_lora_rank          (or q_proj C x NH·d_qk when q_lora_rank is null)
 *   q_a_layernorm       q_lora_rank
 *   q_b_proj            q_lora_rank x NH·d_qk     d_qk = qk_nope_head_dim + qk_rope_head_dim
 *   kv_a_proj_with_mqa  C x (kv_lora_rank + qk_rope_head_dim)
 *   kv_a_layernorm      kv_lora_rank
 *   kv_b_proj           kv_lora_rank x NH·(qk_nope_head_dim + v_head_dim)
 *   o_proj              NH·v_head_dim x C
 * </pre>
 * Biases on q_a_proj, kv_a_proj_with_mqa and o_proj with {@code attention_bias}.
 *
 * @param qLoraRank 0 when queries are not compressed (q_lora_rank null, as in DeepSeek-V2-Lite)
 */
public record LatentAttention(int heads, int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim,
                              int vHeadDim, boolean bias) implements AttentionBlock {
    public LatentAttention {
        if (heads < 1 || kvLoraRank < 1 || qkNopeHeadDim < 0 || qkRopeHeadDim < 1 || vHeadDim < 1 || qLoraRank < 0) {
            throw new IllegalArgumentException("latent attention needs positive num_attention_heads, kv_lora_rank, "
                    + "qk_rope_head_dim and v_head_dim, got " + heads + ", " + kvLoraRank + ", " + qkRopeHeadDim
                    + ", " + vHeadDim);
        }
    }

    @Override
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    private long qWidth() {
        return (long) heads * qkHeadDim();
    }

    @Override
    public long params(long c) {
        long norms = (qLoraRank > 0 ? qLoraRank : 0) + kvLoraRank;
        long biases = bias ? (qLoraRank > 0 ? qLoraRank : 0) + kvLoraRank + qkRopeHeadDim + c : 0;
        return matmulWeights(c) + norms + biases;
    }

    @Override
    public long matmulWeights(long c) {
        long query = qLoraRank > 0 ? c * qLoraRank + (long) qLoraRank * qWidth() : c * qWidth();
        long keyValue = c * (kvLoraRank + qkRopeHeadDim)
                + (long) kvLoraRank * heads * (qkNopeHeadDim + vHeadDim);
        return query + keyValue + (long) heads * vHeadDim * c;
    }

    @Override
    public long keptPerToken(long c) {
        // q_a output (q_a_layernorm's input) and its norm (q_b_proj's input); the compressed kv (kv_a_layernorm's
        // input: the kv_lora_rank part of kv_a_proj's output; the d_rope part goes to the rotary embedding and into
        // K) and its norm (kv_b_proj's input); Q and K (NH·d_qk each), V and the attention output (NH·d_v each)
        long query = qLoraRank > 0 ? 2L * qLoraRank : 0;
        long keyValue = 2L * kvLoraRank;
        return query + keyValue + 2 * qWidth() + 2L * heads * vHeadDim;
    }

    @Override
    public long widestPerToken(long c) {
        return Math.max(qWidth(), (long) heads * (qkNopeHeadDim + vHeadDim));
    }
}
