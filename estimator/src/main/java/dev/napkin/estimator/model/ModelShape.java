package dev.napkin.estimator.model;

/**
 * The architecture of a decoder-only transformer, in the dimension letters used across napkin:
 * L layers, C model width, NH query heads, HS head size, V vocabulary, and F the MLP hidden width.
 * Grouped-query attention has {@code kvHeads} < NH; a mixture of experts has {@code experts} MLPs per layer of
 * which {@code expertsPerToken} run for each token.
 *
 * @param qkvBias bias on the Q, K, V projections (GPT-2, Qwen2)
 * @param outBias bias on the attention output projection (GPT-2)
 * @param mlpBias bias on the MLP matrices (GPT-2)
 * @param layoutOrNull the layers one by one, for architectures whose layers differ or whose attention is not
 *                     grouped-query attention (the summary fields then describe a typical layer); null otherwise
 */
public record ModelShape(
        int layers, int dModel, int heads, int kvHeads, int headDim, int ffnHidden, int vocab, int context,
        MlpKind mlp, NormKind norm, PositionKind position,
        boolean qkvBias, boolean outBias, boolean mlpBias, boolean tiedEmbeddings,
        int experts, int expertsPerToken, LayerLayout layoutOrNull) {

    /*
     * Beyond these a value is a typo, not a model; each is far past the largest published one (PaLM 540B: 118
     * layers, width 18,432, 48 heads, vocabulary 256K; Chowdhery et al. 2022, table 1), and together they keep
     * every count napkin derives (parameters, bytes, FLOPs) well inside a long and a double.
     */
    public static final int MAX_LAYERS = 10_000;
    public static final int MAX_WIDTH = 1_000_000;
    public static final int MAX_HEADS = 100_000;
    public static final int MAX_VOCAB = 100_000_000;
    public static final int MAX_CONTEXT = 100_000_000;
    public static final int MAX_EXPERTS = 100_000;

    public ModelShape {
        inRange(layers, "layers", MAX_LAYERS);
        inRange(dModel, "d_model", MAX_WIDTH);
        inRange(heads, "heads", MAX_HEADS);
        inRange(kvHeads, "kv_heads", MAX_HEADS);
        inRange(headDim, "head_dim", MAX_WIDTH);
        inRange(ffnHidden, "ffn_hidden", MAX_WIDTH);
        inRange(vocab, "vocab", MAX_VOCAB);
        inRange(context, "context", MAX_CONTEXT);
        inRange(experts, "experts", MAX_EXPERTS);
        inRange(expertsPerToken, "experts_per_token", MAX_EXPERTS);
        if (mlp == null || norm == null || position == null) {
            throw new IllegalArgumentException("a model shape needs its mlp, norm and position kinds");
        }
        if (kvHeads > heads || heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads " + heads + " is not a multiple of kv_heads " + kvHeads
                    + "; grouped-query attention shares each K/V head among heads/kv_heads query heads");
        }
        if (expertsPerToken > experts) {
            throw new IllegalArgumentException("experts_per_token " + expertsPerToken + " is more than experts "
                    + experts);
        }
        if (layoutOrNull != null && layoutOrNull.layers().size() != layers) {
            throw new IllegalArgumentException("layers " + layers + " but the layer layout lists "
                    + layoutOrNull.layers().size());
        }
    }

    /** A shape whose layers are all alike, described by the summary fields alone. */
    public ModelShape(int layers, int dModel, int heads, int kvHeads, int headDim, int ffnHidden, int vocab,
                      int context, MlpKind mlp, NormKind norm, PositionKind position, boolean qkvBias, boolean outBias,
                      boolean mlpBias, boolean tiedEmbeddings, int experts, int expertsPerToken) {
        this(layers, dModel, heads, kvHeads, headDim, ffnHidden, vocab, context, mlp, norm, position, qkvBias, outBias,
                mlpBias, tiedEmbeddings, experts, expertsPerToken, null);
    }

    /** The layers one by one, where the architecture needs them. */
    public java.util.Optional<LayerLayout> layout() {
        return java.util.Optional.ofNullable(layoutOrNull);
    }

    /**
     * A shape whose head size is C / NH, the usual case; refuses a width that the heads do not divide.
     */
    public static ModelShape withDerivedHeadDim(int layers, int dModel, int heads, int kvHeads, int ffnHidden,
                                                int vocab, int context, MlpKind mlp, NormKind norm,
                                                PositionKind position, boolean qkvBias, boolean outBias,
                                                boolean mlpBias, boolean tiedEmbeddings, int experts,
                                                int expertsPerToken) {
        inRange(heads, "heads", MAX_HEADS);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("d_model " + dModel + " is not divisible by heads " + heads
                    + "; pick heads that divide it (e.g. " + nearestDivisor(dModel, heads) + ")");
        }
        return new ModelShape(layers, dModel, heads, kvHeads, dModel / heads, ffnHidden, vocab, context, mlp, norm,
                position, qkvBias, outBias, mlpBias, tiedEmbeddings, experts, expertsPerToken);
    }

    /** Width of the concatenated query heads, NH * HS (equals C unless the head size is set on its own). */
    public long attentionWidth() {
        return (long) heads * headDim;
    }

    /** Width of the concatenated K (or V) heads, kvHeads * HS. */
    public long kvWidth() {
        return (long) kvHeads * headDim;
    }

    public boolean isMixtureOfExperts() {
        return experts > 1;
    }

    private static int nearestDivisor(int n, int near) {
        for (int d = 0; ; d++) {
            if (near - d > 0 && n % (near - d) == 0) {
                return near - d;
            }
            if (n % (near + d) == 0) {
                return near + d;
            }
        }
    }

    private static void inRange(int value, String name, int max) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException(name + " must be at most " + max + ", got " + value);
        }
    }
}
