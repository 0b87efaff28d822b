package dev.napkin.estimator.model;

/** The feed-forward block of one layer: a dense MLP or a mixture of experts. */
public sealed interface FeedForward permits DenseMlp, MixtureOfExperts {
    /** Every parameter: all experts, shared experts, router. */
    long params(long dModel);

    /** The parameters one token passes through. */
    long activeParams(long dModel);

    /** The router's parameters (zero for a dense MLP), counted apart as {@link ParameterCount#router()} does. */
    long routerParams(long dModel);

    /** Weights of the matmuls one token passes through (2 FLOPs each forward). */
    long activeMatmulWeights(long dModel);

    /** Elements per token kept for backward: the MLP inputs and hidden tensors of the experts a token visits. */
    long keptPerToken(long dModel);

    /** Width of the widest hidden gradient per token. */
    long widestPerToken(long dModel);
}
