package dev.napkin.estimator.model;

/**
 * The attention block of one layer, as the Hugging Face modeling file builds it: its parameters, the weights that
 * enter matmuls, and the widths the scores and values are computed in.
 */
public sealed interface AttentionBlock permits GroupedQueryAttention, LatentAttention {
    /** Query heads NH. */
    int heads();

    /** Width of a query or key head in Q·Kᵀ, d_qk. */
    int qkHeadDim();

    /** Width of a value head in P·V, d_v. */
    int vHeadDim();

    /** Every parameter of the block: projections, their biases, its norms and sinks. */
    long params(long dModel);

    /** The weights of the block's matmuls (2 FLOPs per weight per token forward). */
    long matmulWeights(long dModel);

    /**
     * Elements per token the block keeps for backward besides the scores: the projections' inputs and outputs that
     * their backward reads (Korthikanti et al. 2022, section 4.1, item by item), excluding the layer's input norm.
     */
    long keptPerToken(long dModel);

    /** Width of the widest gradient the block's backward writes per token (a hand-written trainer's workspace). */
    long widestPerToken(long dModel);
}
