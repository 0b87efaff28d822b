package dev.napkin.estimator.flops;

import dev.napkin.estimator.model.LayoutFlops;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;

/**
 * Chinchilla appendix F (Hoffmann et al. 2022), forward FLOPs of one sequence of length s:
 * <pre>
 *   embeddings            2·s·V·C
 *   per layer: K, Q, V    2·3·s·C·(key_size·heads)     here 2·s·C·(NH·HS + 2·KV·HS), so GQA costs less
 *              K @ Q      2·s²·(key_size·heads)
 *              softmax    3·heads·s²
 *              softmax @ V 2·s²·(key_size·heads)
 *              final linear 2·s·(key_size·heads)·C
 *              dense      2·s·(C·F + C·F)             here 2·s·(matrices·C·F) per active expert, plus the router
 *   logits                2·s·C·V
 *   backward = 2 x forward
 * </pre>
 * Table A4 (FLOPs over 6·N·D: 1.03, 1.10, 1.08, 1.04, 1.03, 0.99 for 73M to 6.8B) counts only the layers: without
 * the embeddings and logits terms (the table is reproduced that way, as nanoGPT's scaling_laws.ipynb found), and
 * with N every parameter but the input embedding ({@link dev.napkin.estimator.model.ParameterCount#chinchillaCounted}).
 */
final class ChinchillaAppendixF {
    private ChinchillaAppendixF() {
    }

    static FlopsPerToken perToken(Model model, int seq) {
        ModelShape s = model.requireShape("the Chinchilla formula (per-op count)");
        if (s.layoutOrNull() != null) {
            return layout(s, seq);
        }
        double t = seq;
        double c = s.dModel();
        double q = s.attentionWidth();
        double embeddings = 2 * t * s.vocab() * c;
        double qkv = 2 * t * c * (q + 2.0 * s.kvWidth());
        double scores = 2 * t * t * q;
        double softmax = 3.0 * s.heads() * t * t;
        double weightedValues = 2 * t * t * q;
        double outProjection = 2 * t * q * c;
        double dense = 2 * t * s.mlp().matrices() * c * s.ffnHidden() * s.expertsPerToken()
                + (s.isMixtureOfExperts() ? 2 * t * c * s.experts() : 0);
        double logits = 2 * t * c * s.vocab();
        double layer = qkv + scores + softmax + weightedValues + outProjection + dense;
        double forward = embeddings + s.layers() * layer + logits;
        double layersForward = s.layers() * layer;
        double attentionCore = s.layers() * (scores + softmax + weightedValues);
        return new FlopsPerToken(FlopsFormula.CHINCHILLA, forward / t, 2 * forward / t, layersForward / t,
                attentionCore / t);
    }

    /** Table A4's convention: the layers only, backward 2 x forward. */
    static FlopsPerToken tableA4PerToken(Model model, int seq) {
        FlopsPerToken all = perToken(model, seq);
        double layersForward = all.recomputeFull();
        return new FlopsPerToken(FlopsFormula.CHINCHILLA_A4, layersForward, 2 * layersForward, layersForward,
                all.recomputeSelective());
    }

    /** The same ops per token for a layer layout: each layer's own projections, experts and attention span. */
    private static FlopsPerToken layout(ModelShape s, int seq) {
        double embeddings = 2.0 * s.vocab() * s.dModel();
        double logits = embeddings;
        double core = LayoutFlops.attentionMatmuls(s.layoutOrNull(), seq) + LayoutFlops.softmax(s.layoutOrNull(), seq);
        double layers = LayoutFlops.layerMatmuls(s, s.layoutOrNull()) + core;
        double forward = embeddings + layers + logits;
        return new FlopsPerToken(FlopsFormula.CHINCHILLA, forward, 2 * forward, layers, core);
    }
}
