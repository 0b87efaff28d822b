package dev.napkin.estimator.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layer-by-layer architecture of a model whose layers differ (dense and mixture-of-experts layers, sliding
 * and full attention) or whose attention is not plain grouped-query attention: what the {@link ModelShape}'s
 * summary fields cannot say. Counts, FLOPs and activation memory walk these layers.
 *
 * @param architecture the Hugging Face {@code model_type} it was read from (qwen3, deepseek_v3, ...)
 * @param mtpOrNull    DeepSeek-V3's multi-token-prediction modules, counted apart from the main model
 */
public record LayerLayout(String architecture, List<LayerSpec> layers, MultiTokenPrediction mtpOrNull) {
    public LayerLayout {
        if (architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("a layer layout needs its architecture name");
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a layer layout needs at least one layer");
        }
        layers = List.copyOf(layers);
    }

    public LayerLayout(String architecture, List<LayerSpec> layers) {
        this(architecture, layers, null);
    }

    /** The distinct kinds of layer with how many of each, in order of first appearance. */
    public Map<String, Integer> kinds() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (LayerSpec l : layers) {
            counts.merge(l.kind(), 1, Integer::sum);
        }
        return counts;
    }

    public long moeLayers() {
        return layers.stream().filter(LayerSpec::isMixtureOfExperts).count();
    }
}
