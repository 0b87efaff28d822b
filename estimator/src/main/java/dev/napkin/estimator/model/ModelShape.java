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

    /** The layers one by one, where the architecture needs them. */
    public java.util.Optional<LayerLayout> layout() {
        return java.util.Optional.ofNullable(layoutOrNull);
    }

    /** A builder with nothing set: see {@link Builder} for what is required and what has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this shape (the head size and the layout as they are), to change a few. */
    public Builder toBuilder() {
        return new Builder().layers(layers).dModel(dModel).heads(heads).kvHeads(kvHeads).headDim(headDim)
                .ffnHidden(ffnHidden).vocab(vocab).context(context).mlp(mlp).norm(norm).position(position)
                .qkvBias(qkvBias).outBias(outBias).mlpBias(mlpBias).tiedEmbeddings(tiedEmbeddings)
                .experts(experts).expertsPerToken(expertsPerToken).layout(layoutOrNull);
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

    /**
     * Named construction of a shape. Required: layers, dModel, heads, ffnHidden, vocab, context, the mlp, norm
     * and position kinds, the three biases and tiedEmbeddings (GPT-2 and Llama differ on each, so none is
     * assumed). Defaults: kvHeads = heads (multi-head attention), headDim = C / NH, one expert of which one runs
     * (a dense MLP), and no per-layer layout.
     */
    public static final class Builder {
        private Integer layers;
        private Integer dModel;
        private Integer heads;
        private Integer kvHeads;
        private Integer headDim;
        private Integer ffnHidden;
        private Integer vocab;
        private Integer context;
        private MlpKind mlp;
        private NormKind norm;
        private PositionKind position;
        private Boolean qkvBias;
        private Boolean outBias;
        private Boolean mlpBias;
        private Boolean tiedEmbeddings;
        private int experts = 1;
        private int expertsPerToken = 1;
        private LayerLayout layoutOrNull;

        private Builder() {
        }

        public Builder layers(int value) {
            layers = value;
            return this;
        }

        public Builder dModel(int value) {
            dModel = value;
            return this;
        }

        public Builder heads(int value) {
            heads = value;
            return this;
        }

        /** K/V heads for grouped-query attention; when not set, as many as query heads. */
        public Builder kvHeads(int value) {
            kvHeads = value;
            return this;
        }

        /** The head size, for models whose NH * HS is not C; when not set, C / NH (and C must divide). */
        public Builder headDim(int value) {
            headDim = value;
            return this;
        }

        public Builder ffnHidden(int value) {
            ffnHidden = value;
            return this;
        }

        public Builder vocab(int value) {
            vocab = value;
            return this;
        }

        public Builder context(int value) {
            context = value;
            return this;
        }

        public Builder mlp(MlpKind value) {
            mlp = value;
            return this;
        }

        public Builder norm(NormKind value) {
            norm = value;
            return this;
        }

        public Builder position(PositionKind value) {
            position = value;
            return this;
        }

        /** The same for all three biases: on Q, K, V, on the attention output and on the MLP. */
        public Builder biases(boolean value) {
            return qkvBias(value).outBias(value).mlpBias(value);
        }

        public Builder qkvBias(boolean value) {
            qkvBias = value;
            return this;
        }

        public Builder outBias(boolean value) {
            outBias = value;
            return this;
        }

        public Builder mlpBias(boolean value) {
            mlpBias = value;
            return this;
        }

        public Builder tiedEmbeddings(boolean value) {
            tiedEmbeddings = value;
            return this;
        }

        /** MLPs per layer in a mixture of experts; 1 (the default) is a dense MLP. */
        public Builder experts(int value) {
            experts = value;
            return this;
        }

        /** Experts that run for each token; 1 unless set. */
        public Builder expertsPerToken(int value) {
            expertsPerToken = value;
            return this;
        }

        /** The layers one by one, or null for layers all alike (the default). */
        public Builder layout(LayerLayout valueOrNull) {
            layoutOrNull = valueOrNull;
            return this;
        }

        /** The shape; refuses a field left unset, and what the record refuses. */
        public ModelShape build() {
            int c = required(dModel, "dModel");
            int nh = required(heads, "heads");
            return new ModelShape(required(layers, "layers"), c, nh, kvHeads == null ? nh : kvHeads,
                    headDim == null ? derivedHeadDim(c, nh) : headDim, required(ffnHidden, "ffnHidden"),
                    required(vocab, "vocab"), required(context, "context"), required(mlp, "mlp"),
                    required(norm, "norm"), required(position, "position"), required(qkvBias, "qkvBias"),
                    required(outBias, "outBias"), required(mlpBias, "mlpBias"),
                    required(tiedEmbeddings, "tiedEmbeddings"), experts, expertsPerToken, layoutOrNull);
        }

        /** HS = C / NH, the usual case; refuses a width that the heads do not divide. */
        private static int derivedHeadDim(int dModel, int heads) {
            inRange(heads, "heads", MAX_HEADS);
            if (dModel % heads != 0) {
                throw new IllegalArgumentException("d_model " + dModel + " is not divisible by heads " + heads
                        + "; pick heads that divide it (e.g. " + nearestDivisor(dModel, heads) + ")");
            }
            return dModel / heads;
        }

        private static <T> T required(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException("ModelShape.Builder: " + name + " is not set");
            }
            return value;
        }
    }
}
