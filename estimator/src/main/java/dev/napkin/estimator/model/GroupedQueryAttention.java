package dev.napkin.estimator.model;

/**
 * Multi-head or grouped-query attention (Ainslie et al. 2023): q_proj (C x NH·HS), k_proj and v_proj (C x KV·HS),
 * o_proj (NH·HS x C), as in transformers' Llama, Qwen3, Gemma 2/3, Llama 4, gpt-oss, Phi-3 (fused qkv_proj, same
 * count) and OLMo 2 modeling files.
 *
 * @param qkvBias bias on q, k and v (Qwen2-MoE; gpt-oss's attention_bias)
 * @param outBias bias on o_proj (gpt-oss's attention_bias)
 * @param sinks   one learned logit per head that joins every softmax (gpt-oss: {@code self.sinks =
 *                nn.Parameter(torch.empty(config.num_attention_heads))}, transformers/models/gpt_oss/modeling_gpt_oss.py)
 */
public record GroupedQueryAttention(int heads, int kvHeads, int headDim, boolean qkvBias, boolean outBias,
                                    QkNorm qkNorm, boolean sinks) implements AttentionBlock {
    public GroupedQueryAttention {
        if (heads < 1 || kvHeads < 1 || headDim < 1) {
            throw new IllegalArgumentException("attention needs heads, kv_heads and head_dim of at least 1, got "
                    + heads + ", " + kvHeads + ", " + headDim);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + heads + " is not a multiple of "
                    + "num_key_value_heads " + kvHeads + "; grouped-query attention shares each K/V head among a group");
        }
        if (qkNorm == null) {
            throw new IllegalArgumentException("attention needs its q/k norm kind (NONE when it has none)");
        }
    }

    @Override
    public int qkHeadDim() {
        return headDim;
    }

    @Override
    public int vHeadDim() {
        return headDim;
    }

    long qWidth() {
        return (long) heads * headDim;
    }

    long kvWidth() {
        return (long) kvHeads * headDim;
    }

    @Override
    public long params(long c) {
        return matmulWeights(c) + (qkvBias ? qWidth() + 2 * kvWidth() : 0) + (outBias ? c : 0)
                + qkNorm.params(headDim, qWidth(), kvWidth()) + (sinks ? heads : 0);
    }

    @Override
    public long matmulWeights(long c) {
        return c * qWidth() + 2 * c * kvWidth() + qWidth() * c;
    }

    @Override
    public long keptPerToken(long c) {
        // Q, K, V for the scores and the output projection's input; with q/k norms also their inputs
        long kept = 2 * qWidth() + 2 * kvWidth();
        return qkNorm == QkNorm.NONE ? kept : kept + qWidth() + kvWidth();
    }

    @Override
    public long widestPerToken(long c) {
        return qWidth() + 2 * kvWidth();
    }
}
