package dev.napkin.estimator.model;

/**
 * DeepSeek-V3's multi-token-prediction modules (technical report, section 2.2): each has its own transformer
 * block, a projection M_k of 2C x C (eh_proj), RMSNorms of the hidden state and of the embedding (hnorm, enorm) and
 * of the shared head (shared_head.norm), and shares the main model's embedding and output head. transformers'
 * DeepseekV3Model does not build them ({@code _keys_to_ignore_on_load_unexpected = [r"model\.layers\.61.*"]}); the
 * Hub checkpoint stores them as layer 61, with its own copies of the embedding and the head, which is how 671B main
 * model weights become the Hub's 685B (DeepSeek-V3 model card, "Model Weights").
 */
public record MultiTokenPrediction(int modules, LayerSpec layer) {
    public MultiTokenPrediction {
        if (modules < 1 || layer == null) {
            throw new IllegalArgumentException("multi-token prediction needs at least one module and its layer");
        }
    }

    /** The modules' own parameters (the shared embedding and head not counted again). */
    public long params(long c) {
        return modules * (layer.params(c) + 2 * c * c + 3 * c);
    }

    /** What the checkpoint stores for them: their own parameters and a copy of the embedding and head each. */
    public long checkpointParams(long c, long vocab) {
        return params(c) + modules * 2 * vocab * c;
    }
}
