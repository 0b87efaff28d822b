package dev.napkin.profiler;

import dev.napkin.estimator.model.MixtureOfExperts;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.profiler.Ops.BatchedGemm;
import dev.napkin.profiler.Ops.Keep;
import dev.napkin.profiler.Ops.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks one training step of a decoder-only transformer, op by op, in the order the forward pass runs them:
 * GPT-2 (learned positions, LayerNorm, GELU MLP, biases, tied head) and Llama (RMSNorm, rotary, grouped-query
 * attention, SwiGLU, untied head) alike, as the {@link ModelShape} says; a shape with a layer layout (Qwen3,
 * DeepSeek-V3, gpt-oss, Gemma, Llama 4, ...) layer by layer ({@link LayoutStepOps}). N = B·T tokens.
 */
public final class TrainingStepOps {
    /** The name part of the routed experts' ops in a layer layout. */
    static final String ROUTED_EXPERTS = ".moe.experts.";

    private TrainingStepOps() {
    }

    /** Every op of the step (full count). */
    public static List<OpCost> full(ModelShape s, ProfileSettings p) {
        List<OpCost> ops = new ArrayList<>();
        double e = p.dtype().bytes();
        double n = p.tokens();
        double c = s.dModel();
        embeddings(ops, s, p, n, c, e);
        if (s.layoutOrNull() != null) {
            LayoutStepOps.layers(ops, s, p, n, c, e);
        } else {
            for (int layer = 0; layer < s.layers(); layer++) {
                attention(ops, s, p, layer, n, c, e);
                mlp(ops, s, p, layer, n, c, e);
            }
        }
        head(ops, s, n, c, e);
        return List.copyOf(ops);
    }

    /**
     * Whether {@code op} is a routed expert's matmul (what expert parallelism splits): the MLP matmuls of a uniform
     * mixture of experts, or the ops a layer layout names {@code moe.experts.*}.
     */
    public static boolean isRoutedExpert(ModelShape s, OpCost op) {
        if (op.layer() == OpCost.OUTSIDE_LAYERS) {
            return false;
        }
        if (s.layoutOrNull() != null) {
            return op.name().contains(ROUTED_EXPERTS);
        }
        return s.isMixtureOfExperts()
                && (op.kind() == OpKind.MLP_UP || op.kind() == OpKind.MLP_GATE || op.kind() == OpKind.MLP_DOWN);
    }

    /** The routed experts of layer {@code layer} (1 for a dense layer). */
    public static int routedExperts(ModelShape s, int layer) {
        if (s.layoutOrNull() != null) {
            return s.layoutOrNull().layers().get(layer).feedForward() instanceof MixtureOfExperts m ? m.experts() : 1;
        }
        return s.experts();
    }

    private static void embeddings(List<OpCost> ops, ModelShape s, ProfileSettings p, double n, double c, double e) {
        // a gather of N rows: no FLOPs forward; backward scatter-adds N·C values into dW_te
        double ids = n * 4;
        ops.add(OpCost.builder("embed.tokens", OpKind.TOKEN_EMBEDDING, OpCost.OUTSIDE_LAYERS)
                .backwardWeightFlops(n * c)
                .params((long) s.vocab() * s.dModel())
                .forwardBytesRead(n * c * e + ids).forwardBytesWritten(n * c * e)
                .backwardBytesRead(n * c * e + ids).backwardBytesWritten(n * c * e)
                .build());
        if (s.position() == PositionKind.LEARNED) {
            // x = tok + pos[t]: N·C adds; backward sums dy over the batch into dW_pe (T·C rows)
            double t = p.seq();
            ops.add(OpCost.builder("embed.positions", OpKind.POSITION_EMBEDDING, OpCost.OUTSIDE_LAYERS)
                    .forwardFlops(n * c).backwardWeightFlops(n * c)
                    .params((long) s.context() * s.dModel())
                    .forwardBytesRead((n * c + t * c) * e).forwardBytesWritten(n * c * e)
                    .backwardBytesRead(n * c * e).backwardBytesWritten(t * c * e)
                    .build());
        }
        if (p.dropouts().embedding()) { // GPT-2's embd_pdrop, after the token and position embeddings
            ops.add(Ops.dropout("embed.dropout", OpCost.OUTSIDE_LAYERS, n * c, e));
        }
    }

    private static void attention(List<OpCost> ops, ModelShape s, ProfileSettings p, int l, double n, double c,
                                  double e) {
        String at = "L" + l + ".";
        double q = s.attentionWidth();
        double kv = s.kvWidth();
        double qkvWidth = q + 2 * kv;
        ops.add(Ops.norm(at + "norm1", s.norm(), l, n, c, e));
        // q, k and v as one GEMM: X (N x C) · W (C x NH·HS + 2·KV·HS)
        ops.add(Ops.linear(at + "attn.qkv", OpKind.QKV_PROJ, l, new Linear(n, c, qkvWidth, s.qkvBias()), Keep.INPUT,
                e));
        if (s.position() == PositionKind.RELATIVE) {
            // Transformer-XL: project the T relative-position embeddings once per step, R (T x C) · W_R (C x NH·HS)
            ops.add(Ops.linear(at + "attn.relative", OpKind.RELATIVE_POSITION, l, new Linear(p.seq(), c, q),
                    Keep.NOTHING, e));
        }
        if (s.position() == PositionKind.ROTARY) {
            ops.add(Ops.rotary(at + "attn.rotary", l, n * (q + kv), e));
        }
        // GPT-2's attn_pdrop, Llama's attention_dropout
        attentionCore(ops, at, l, AttentionShape.of(s, p), p.attention(), p.dropouts().attention(), e);
        // O (N x NH·HS) · W_O (NH·HS x C)
        ops.add(Ops.linear(at + "attn.out", OpKind.OUT_PROJ, l, new Linear(n, q, c, s.outBias()), Keep.INPUT, e));
        if (p.dropouts().residual()) { // GPT-2's resid_pdrop, after the output projection
            ops.add(Ops.dropout(at + "attn.out_dropout", l, n * c, e));
        }
        ops.add(Ops.residual(at + "residual1", l, n * c, e));
    }

    // attention between the q/k/v projections and the output projection, for every kind of layer: Q·Kᵀ, scale and
    // mask, softmax (which gpt-oss's sinks join), the probabilities' dropout and P·V; or all of them in one kernel
    static void attentionCore(List<OpCost> ops, String at, int l, AttentionShape a, AttentionKind kind,
                              boolean probabilityDropout, double e) {
        if (kind == AttentionKind.FUSED) {
            ops.add(Ops.fusedAttention(at + "attn.fused", l, a, e));
            return;
        }
        double q = a.tokens() * a.qWidth();
        double k = a.tokens() * a.kWidth();
        double v = a.tokens() * a.vWidth();
        double scores = a.scores();
        // S = Q·Kᵀ per head (T x d_qk · d_qk x K); keeps Q and K
        ops.add(Ops.batchedMatmul(at + "attn.scores", OpKind.ATTN_SCORES, l,
                new BatchedGemm(a.heads(), a.t(), a.dqk(), a.keys()), q, k, q + k, e));
        ops.add(Ops.scaleMask(at + "attn.scale_mask", l, scores, e));
        OpCost softmax = Ops.softmax(at + "attn.softmax", l, scores, e);
        ops.add(a.sinks() ? softmax.withParams(a.sinkParams()) : softmax);
        if (probabilityDropout) {
            ops.add(Ops.dropout(at + "attn.dropout", l, scores, e));
        }
        // O = P·V per head (T x K · K x d_v); keeps V, and P's dropped-out copy when dropout made one
        ops.add(Ops.batchedMatmul(at + "attn.values", OpKind.ATTN_VALUES, l,
                new BatchedGemm(a.heads(), a.t(), a.keys(), a.dv()), scores, v, (probabilityDropout ? scores : 0) + v,
                e));
    }

    private static void mlp(List<OpCost> ops, ModelShape s, ProfileSettings p, int l, double n, double c, double e) {
        String at = "L" + l + ".";
        double routed = n * s.expertsPerToken();
        ops.add(Ops.norm(at + "norm2", s.norm(), l, n, c, e));
        if (s.isMixtureOfExperts()) {
            // router logits x·W_r (C x E); its input is the norm's output, kept by the experts' up projection; it
            // keeps the E probabilities a token, in fp32, for backward (MixtureOfExperts.ROUTER_BYTES)
            ops.add(Ops.linear(at + "mlp.router", OpKind.ROUTER, l, new Linear(n, c, s.experts()), Keep.NOTHING, e)
                    .toBuilder().activationBytes(n * s.experts() * MixtureOfExperts.ROUTER_BYTES).build());
        }
        feedForward(ops, at + "mlp.", l, routed, c, s.ffnHidden(), s.mlp(), s.mlpBias(), s.experts(), e);
        if (p.dropouts().residual()) { // resid_pdrop again, after the MLP
            ops.add(Ops.dropout(at + "mlp.dropout", l, n * c, e));
        }
        ops.add(Ops.residual(at + "residual2", l, n * c, e));
    }

    // a gated MLP (gate and up C x F, SiLU(g)·u, down F x C; Gemma's GeGLU has the same matrices) or GPT's GELU MLP
    // over `rows` token rows, with `copies` sets of weights (the experts)
    static void feedForward(List<OpCost> ops, String at, int l, double rows, double c, int hidden, MlpKind kind,
                            boolean bias, int copies, double e) {
        double f = hidden;
        Linear widen = new Linear(rows, c, f, bias);
        Linear narrow = new Linear(rows, f, c, bias);
        long upParams = copies * widen.weights();
        ops.add(Ops.linear(at + "up", OpKind.MLP_UP, l, widen, upParams, Keep.INPUT, e));
        if (kind == MlpKind.SWIGLU) {
            // the gate reads the same x, kept by up
            ops.add(Ops.linear(at + "gate", OpKind.MLP_GATE, l, widen, upParams, Keep.NOTHING, e));
            ops.add(Ops.swiglu(at + "swiglu", l, rows * f, e));
        } else {
            ops.add(Ops.gelu(at + "gelu", l, rows * f, e));
        }
        ops.add(Ops.linear(at + "down", OpKind.MLP_DOWN, l, narrow, copies * narrow.weights(), Keep.INPUT, e));
    }

    private static void head(List<OpCost> ops, ModelShape s, double n, double c, double e) {
        double v = s.vocab();
        ops.add(Ops.norm("final.norm", s.norm(), OpCost.OUTSIDE_LAYERS, n, c, e));
        // logits (N x C) · W (C x V); a tied W is the token embedding's, counted there
        Linear unembed = new Linear(n, c, v);
        ops.add(Ops.linear("head.logits", OpKind.LM_HEAD, OpCost.OUTSIDE_LAYERS, unembed,
                s.tiedEmbeddings() ? 0 : unembed.weights(), Keep.INPUT, e));
        // softmax over V (3 per logit) and -log p[target] (N); backward (p - onehot)/N, 2 per logit.
        // Keeps the logits and their fp32 softmax: N·V·(e + 4) bytes
        double logits = n * v;
        ops.add(OpCost.builder("head.cross_entropy", OpKind.CROSS_ENTROPY, OpCost.OUTSIDE_LAYERS)
                .forwardFlops(3 * logits + n).backwardInputFlops(2 * logits)
                .forwardBytesRead(logits * e).forwardBytesWritten(logits * 4)
                .backwardBytesRead(logits * 4).backwardBytesWritten(logits * e)
                .activationBytes(logits * (e + 4))
                .build());
    }
}
