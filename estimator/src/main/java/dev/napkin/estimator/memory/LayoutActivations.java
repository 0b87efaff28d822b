package dev.napkin.estimator.memory;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.model.LayerLayout;
import dev.napkin.estimator.model.LayerSpec;
import dev.napkin.estimator.model.MixtureOfExperts;
import dev.napkin.estimator.model.ModelShape;

/**
 * Activation bytes of a {@link LayerLayout}, layer by layer, with {@link ActivationModel}'s accounting (Korthikanti
 * et al. 2022, section 4.1, item by item) applied to each kind of layer: the inputs of its norms and of its
 * attention, replicated across tensor parallelism unless sequence parallelism splits them; what its attention keeps
 * ({@link dev.napkin.estimator.model.AttentionBlock#keptPerToken}: MLA's latents, q/k-norm inputs) and what its
 * feed-forward block keeps for the experts a token visits, split by TP; the scores when attention is neither fused
 * nor recomputed. Eager attention materialises all T x T scores of a sliding-window layer too (the window is a
 * mask: transformers' eager_attention_forward), so the scores do not shrink with the window; a fused kernel's
 * FLOPs and napkin's model FLOPs (LayoutFlops) do.
 * Full recomputation keeps each layer's input only.
 */
final class LayoutActivations {
    private LayoutActivations() {
    }

    static double layersBytes(ModelShape s, LayerLayout layout, ActivationSettings a, Parallelism p,
                              int activationBytes) {
        double sum = 0;
        for (LayerSpec l : layout.layers()) {
            sum += layerBytes(s, l, a, p, activationBytes);
        }
        return sum;
    }

    static double layerBytes(ModelShape s, LayerSpec l, ActivationSettings a, Parallelism p, int activationBytes) {
        double tokens = (double) a.seq() * a.microBatch();
        long h = s.dModel();
        double t = p.tensorParallel();
        double replicatedShare = p.sequenceParallel() ? 1 / t : 1;
        if (a.recompute() == Recompute.FULL) {
            return tokens * h * activationBytes * replicatedShare;
        }
        // each norm's input, and the attention's input (the first norm's output)
        double replicated = tokens * h * (l.norms() + 1);
        double split = tokens * (l.attention().keptPerToken(h) + l.feedForward().keptPerToken(h));
        // residual dropout after the attention and the feed-forward block; attention dropout on the probabilities
        double masks = a.dropouts().residual() ? tokens * h * 2 * replicatedShare : 0;
        // a router runs whole on every tensor-parallel rank: its fp32 probabilities are replicated like the norms
        double router = l.feedForward() instanceof MixtureOfExperts m
                ? tokens * m.experts() * MixtureOfExperts.ROUTER_BYTES * replicatedShare : 0;
        if (!a.flashAttention() && a.recompute() == Recompute.NONE) {
            double scores = (double) l.attention().heads() * a.seq() * a.seq() * a.microBatch();
            boolean attentionDropout = a.dropouts().attention();
            split += scores * (attentionDropout ? 2 : 1);
            if (attentionDropout) {
                masks += scores / t;
            }
        }
        return replicated * activationBytes * replicatedShare + split * activationBytes / t + masks + router;
    }
}
