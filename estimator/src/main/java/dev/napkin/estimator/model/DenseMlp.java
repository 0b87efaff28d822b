package dev.napkin.estimator.model;

/**
 * A dense MLP of hidden width F: gate_proj, up_proj (C x F) and down_proj (F x C) for a gated MLP (SwiGLU; Gemma's
 * GeGLU has the same three matrices), up and down for GPT's GELU MLP; biases with {@code bias}.
 */
public record DenseMlp(int hidden, MlpKind kind, boolean bias) implements FeedForward {
    public DenseMlp {
        if (hidden < 1 || kind == null) {
            throw new IllegalArgumentException("a dense MLP needs an intermediate_size of at least 1 and a kind, got "
                    + hidden);
        }
    }

    @Override
    public long params(long c) {
        return activeMatmulWeights(c) + (bias ? (long) (kind.matrices() - 1) * hidden + c : 0);
    }

    @Override
    public long activeParams(long c) {
        return params(c);
    }

    @Override
    public long routerParams(long c) {
        return 0;
    }

    @Override
    public long activeMatmulWeights(long c) {
        return kind.matrices() * c * hidden;
    }

    @Override
    public long keptPerToken(long c) {
        // the input (C) and the hidden tensors: gate and up (and their product) for a gated MLP, pre- and
        // post-activation for GELU (Korthikanti et al. 2022, section 4.1)
        return c + (kind == MlpKind.SWIGLU ? 3L : 2L) * hidden;
    }

    @Override
    public long widestPerToken(long c) {
        return hidden;
    }
}
