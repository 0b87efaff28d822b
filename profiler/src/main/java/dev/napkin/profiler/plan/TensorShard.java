package dev.napkin.profiler.plan;

import dev.napkin.estimator.model.AttentionBlock;
import dev.napkin.estimator.model.DenseMlp;
import dev.napkin.estimator.model.FeedForward;
import dev.napkin.estimator.model.GroupedQueryAttention;
import dev.napkin.estimator.model.LatentAttention;
import dev.napkin.estimator.model.LayerLayout;
import dev.napkin.estimator.model.LayerSpec;
import dev.napkin.estimator.model.MixtureOfExperts;
import dev.napkin.estimator.model.ModelShape;
import java.util.ArrayList;
import java.util.List;

/**
 * What one of t tensor-parallel ranks holds of a model (Megatron-LM, Shoeybi et al. 2019, section 3): the attention
 * heads, the K/V heads (each rank keeps at least one, replicated when there are fewer than t), the MLP and expert
 * widths and the vocabulary split t ways. Multi-head latent attention keeps its down-projections (q_a_proj,
 * kv_a_proj_with_mqa) whole on every rank and splits the heads of q_b_proj, kv_b_proj and o_proj, as Megatron-Core's
 * MLASelfAttention does.
 */
final class TensorShard {
    private TensorShard() {
    }

    /** Why t ranks cannot split {@code s} into whole heads and equal widths, or null when they can. */
    static String whyNot(ModelShape s, int t) {
        if (s.layoutOrNull() == null) {
            if (s.heads() % t != 0 || s.ffnHidden() % t != 0) {
                return "--tensor-parallel " + t + " does not divide the " + s.heads() + " heads and MLP width "
                        + s.ffnHidden() + "; pick a divisor of both";
            }
            if (s.kvHeads() % t != 0 && t % s.kvHeads() != 0) {
                return "--tensor-parallel " + t + " neither divides nor is a multiple of the " + s.kvHeads()
                        + " K/V heads; pick a divisor or multiple";
            }
            return null;
        }
        for (LayerSpec l : s.layoutOrNull().layers()) {
            AttentionBlock a = l.attention();
            if (a.heads() % t != 0) {
                return "--tensor-parallel " + t + " does not divide the " + a.heads() + " attention heads; pick a "
                        + "divisor of them";
            }
            if (a instanceof GroupedQueryAttention g && g.kvHeads() % t != 0 && t % g.kvHeads() != 0) {
                return "--tensor-parallel " + t + " neither divides nor is a multiple of the " + g.kvHeads()
                        + " K/V heads; pick a divisor or multiple";
            }
            for (int width : widths(l.feedForward())) {
                if (width % t != 0) {
                    return "--tensor-parallel " + t + " does not divide the MLP or expert width " + width
                            + "; pick a divisor of it";
                }
            }
        }
        return null;
    }

    /** The shard of one rank; call {@link #whyNot} first. */
    static ModelShape of(ModelShape s, int t) {
        LayerLayout layout = s.layoutOrNull();
        LayerLayout sharded = null;
        if (layout != null) {
            List<LayerSpec> layers = new ArrayList<>(layout.layers().size());
            for (LayerSpec l : layout.layers()) {
                layers.add(new LayerSpec(attention(l.attention(), t), l.span(), feedForward(l.feedForward(), t),
                        l.norms()));
            }
            sharded = new LayerLayout(layout.architecture(), layers, layout.mtpOrNull());
        }
        return s.toBuilder().heads(s.heads() / t).kvHeads(Math.max(1, s.kvHeads() / t)).ffnHidden(s.ffnHidden() / t)
                .vocab((s.vocab() + t - 1) / t).layout(sharded).build();
    }

    private static AttentionBlock attention(AttentionBlock a, int t) {
        return switch (a) {
            case GroupedQueryAttention g -> new GroupedQueryAttention(g.heads() / t, Math.max(1, g.kvHeads() / t),
                    g.headDim(), g.qkvBias(), g.outBias(), g.qkNorm(), g.sinks());
            case LatentAttention m -> new LatentAttention(m.heads() / t, m.qLoraRank(), m.kvLoraRank(),
                    m.qkNopeHeadDim(), m.qkRopeHeadDim(), m.vHeadDim(), m.bias());
        };
    }

    private static FeedForward feedForward(FeedForward f, int t) {
        return switch (f) {
            case DenseMlp d -> new DenseMlp(d.hidden() / t, d.kind(), d.bias());
            case MixtureOfExperts m -> new MixtureOfExperts(m.experts(), m.perToken(), m.expertHidden() / t,
                    m.sharedHidden() / t, m.sharedGate(), m.routerBias(), m.expertBias());
        };
    }

    private static int[] widths(FeedForward f) {
        return switch (f) {
            case DenseMlp d -> new int[] {d.hidden()};
            case MixtureOfExperts m -> new int[] {m.expertHidden(), m.sharedHidden()};
        };
    }
}
