package dev.napkin.estimator.model;

/**
 * Exact parameter count of a {@link ModelShape}, split the way the formulas need it.
 * Per layer: attention Q (C x NH*HS), K and V (C x KV*HS each), output (NH*HS x C), biases where the shape has
 * them, and for relative positions a C x NH*HS projection; the MLP has {@link MlpKind#matrices()} C x F matrices
 * per expert plus a C x E router when E > 1; two norms per layer and one at the end.
 * GPT-2 small (12 x 768, 12 heads, V 50257, context 1024, biases, tied head) is 124,439,808.
 *
 * @param mlp       all experts' MLP parameters
 * @param activeMlp the MLP parameters one token passes through (expertsPerToken experts)
 * @param lmHead    zero when the head is tied to the token embedding
 */
public record ParameterCount(long tokenEmbedding, long positionEmbedding, long attention, long mlp, long activeMlp,
                             long router, long norms, long lmHead) {

    public static ParameterCount of(ModelShape s) {
        if (s.layoutOrNull() != null) {
            return LayoutCount.of(s, s.layoutOrNull());
        }
        long c = s.dModel();
        long f = s.ffnHidden();
        long q = s.attentionWidth();
        long kv = s.kvWidth();
        long attentionPerLayer = c * q + 2 * c * kv + q * c
                + (s.qkvBias() ? q + 2 * kv : 0)
                + (s.outBias() ? c : 0)
                + (s.position() == PositionKind.RELATIVE ? c * q : 0);
        long mlpPerExpert = s.mlp().matrices() * c * f
                + (s.mlpBias() ? (s.mlp().matrices() - 1) * f + c : 0);
        long routerPerLayer = s.isMixtureOfExperts() ? c * s.experts() : 0;
        long normsTotal = (2L * s.layers() + 1) * s.norm().vectorsPerNorm() * c;
        return new ParameterCount(
                (long) s.vocab() * c,
                s.position() == PositionKind.LEARNED ? (long) s.context() * c : 0,
                s.layers() * attentionPerLayer,
                s.layers() * mlpPerExpert * s.experts(),
                s.layers() * mlpPerExpert * s.expertsPerToken(),
                s.layers() * routerPerLayer,
                normsTotal,
                s.tiedEmbeddings() ? 0 : (long) s.vocab() * c);
    }

    /** Every parameter: what memory must hold. */
    public long total() {
        return tokenEmbedding + positionEmbedding + attention + mlp + router + norms + lmHead;
    }

    /** Parameters one token uses (all of them for a dense model): what FLOPs scale with. */
    public long active() {
        return total() - mlp + activeMlp;
    }

    /** Kaplan et al. 2020's N: everything but the token and position embeddings and the unembedding. */
    public long nonEmbedding() {
        return total() - tokenEmbedding - positionEmbedding - lmHead;
    }

    /**
     * Active parameters without the token embedding's lookup table (a gather, not a matmul), where the head is
     * untied; gpt-oss's model card (5.13B active) and DeepSeek-V3's report (37B) count this way, Mistral (12.9B for
     * Mixtral), Meta (17B for Llama 4) and Qwen (22B for Qwen3-235B-A22B) count the embedding in.
     */
    public long activeWithoutEmbeddingLookup() {
        return active() - (lmHead == 0 ? 0 : tokenEmbedding);
    }

    /** Active non-embedding parameters. */
    public long activeNonEmbedding() {
        return active() - tokenEmbedding - positionEmbedding - lmHead;
    }

    /**
     * N as Chinchilla counts it for table A4 (Hoffmann et al. 2022): every active parameter but the input embeddings,
     * the output projection counted once (as nanoGPT's scaling_laws.ipynb reproduces their parameter counts).
     */
    public long chinchillaCounted() {
        return activeNonEmbedding() + tokenEmbedding;
    }
}
