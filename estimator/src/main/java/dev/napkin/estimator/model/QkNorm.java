package dev.napkin.estimator.model;

/** Norms on the queries and keys before the scores (RMSNorm weights, one vector each for Q and K). */
public enum QkNorm {
    NONE,
    /**
     * One RMSNorm of width HS shared by every head: Qwen3 and Gemma 3 ({@code self.q_norm = Qwen3RMSNorm(head_dim)},
     * transformers/models/qwen3/modeling_qwen3.py; gemma3/modeling_gemma3.py).
     */
    PER_HEAD,
    /**
     * One RMSNorm over all query heads (NH·HS) and one over all key heads (KV·HS): OLMo 2
     * ({@code Olmo2RMSNorm(num_heads * head_dim)}, transformers/models/olmo2/modeling_olmo2.py).
     */
    FULL_WIDTH;

    long params(long headDim, long qWidth, long kvWidth) {
        return switch (this) {
            case NONE -> 0;
            case PER_HEAD -> 2 * headDim;
            case FULL_WIDTH -> qWidth + kvWidth;
        };
    }
}
