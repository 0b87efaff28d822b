package dev.napkin.profiler;

import dev.napkin.estimator.model.AttentionBlock;
import dev.napkin.estimator.model.GroupedQueryAttention;
import dev.napkin.estimator.model.LayerSpec;
import dev.napkin.estimator.model.ModelShape;

// The dimensions one layer's attention core works in: B sequences of T queries, each seeing `keys` keys (T, or
// min(W, T) under a sliding window or chunk W); NH query heads and KV key/value heads (KV < NH with grouped-query
// attention), d_qk wide in Q·Kᵀ and d_v wide in P·V; and whether a learned sink logit per head joins the softmax
// (gpt-oss). Made by one factory per kind of model, so that no call site passes the seven numbers in a row.
record AttentionShape(int b, int t, double keys, int nh, int kvHeads, int dqk, int dv, boolean sinks) {

    // a model whose layers are all alike: every query sees all T keys, in heads of HS
    static AttentionShape of(ModelShape s, ProfileSettings p) {
        return new AttentionShape(p.batch(), p.seq(), p.seq(), s.heads(), s.kvHeads(), s.headDim(), s.headDim(),
                false);
    }

    // one layer of a layout; multi-head latent attention's kv_b_proj expands K and V to all NH heads. A fused kernel
    // skips what a sliding window or chunk masks out, so each query sees the keys its span holds; naive attention is
    // eager attention, which computes and stores all T x T scores and applies the window as a mask (transformers'
    // eager_attention_forward), as napkin memory's activations count it
    static AttentionShape of(LayerSpec layer, ProfileSettings p) {
        AttentionBlock a = layer.attention();
        GroupedQueryAttention g = a instanceof GroupedQueryAttention gqa ? gqa : null;
        double keys = p.attention() == AttentionKind.FUSED ? layer.span().keysPerQuery(p.seq()) : p.seq();
        return new AttentionShape(p.batch(), p.seq(), keys, a.heads(),
                g != null ? g.kvHeads() : a.heads(), a.qkHeadDim(), a.vHeadDim(), g != null && g.sinks());
    }

    // N = B·T
    double tokens() {
        return (double) b * t;
    }

    // B·NH: the batch of the per-head matmuls
    double heads() {
        return (double) b * nh;
    }

    // B·NH·T·K
    double scores() {
        return heads() * t * keys;
    }

    // Q, K and V per token as stored: NH·d_qk, KV·d_qk, KV·d_v
    double qWidth() {
        return (double) nh * dqk;
    }

    double kWidth() {
        return (double) kvHeads * dqk;
    }

    double vWidth() {
        return (double) kvHeads * dv;
    }

    // gpt-oss's sink logit per head, else none
    long sinkParams() {
        return sinks ? nh : 0;
    }
}
