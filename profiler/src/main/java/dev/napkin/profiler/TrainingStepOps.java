package dev.napkin.profiler;

import dev.napkin.estimator.model.MixtureOfExperts;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
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
        if (op.layer() < 0) {
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
        ops.add(OpCost.builder("embed.tokens", OpKind.TOKEN_EMBEDDING, -1)
                .backwardWeightFlops(n * c)
                .params((long) s.vocab() * s.dModel())
                .forwardBytesRead(n * c * e + ids).forwardBytesWritten(n * c * e)
                .backwardBytesRead(n * c * e + ids).backwardBytesWritten(n * c * e)
                .build());
        if (s.position() == PositionKind.LEARNED) {
            // x = tok + pos[t]: N·C adds; backward sums dy over the batch into dW_pe (T·C rows)
            double t = p.seq();
            ops.add(OpCost.builder("embed.positions", OpKind.POSITION_EMBEDDING, -1)
                    .forwardFlops(n * c).backwardWeightFlops(n * c)
                    .params((long) s.context() * s.dModel())
                    .forwardBytesRead((n * c + t * c) * e).forwardBytesWritten(n * c * e)
                    .backwardBytesRead(n * c * e).backwardBytesWritten(t * c * e)
                    .build());
        }
        if (p.dropouts().embedding()) { // GPT-2's embd_pdrop, after the token and position embeddings
            ops.add(Ops.dropout("embed.dropout", -1, n * c, e));
        }
    }

    private static void attention(List<OpCost> ops, ModelShape s, ProfileSettings p, int l, double n, double c,
                                  double e) {
        String at = "L" + l + ".";
        boolean rms = s.norm() == NormKind.RMSNORM;
        double q = s.attentionWidth();
        double kv = s.kvWidth();
        double qkvWidth = q + 2 * kv;
        ops.add(Ops.norm(at + "norm1", rms, l, n, c, e));
        ops.add(Ops.linear(at + "attn.qkv", OpKind.QKV_PROJ, l, n, c, qkvWidth, s.qkvBias(),
                (long) (c * qkvWidth + (s.qkvBias() ? qkvWidth : 0)), e, true));
        if (s.position() == PositionKind.RELATIVE) {
            // Transformer-XL: project the T relative-position embeddings once per step, R (T x C) · W_R (C x NH·HS)
            ops.add(Ops.linear(at + "attn.relative", OpKind.RELATIVE_POSITION, l, p.seq(), c, q, false,
                    (long) (c * q), e, false));
        }
        if (s.position() == PositionKind.ROTARY) {
            // rotate pairs of Q and K: (x1·cos - x2·sin, x1·sin + x2·cos), 6 FLOPs per pair, 3 per element
            ops.add(Ops.elementwise(at + "attn.rotary", OpKind.ROTARY, l, n * (q + kv), 3, 3, 1, e, 0));
        }
        double heads = (double) p.batch() * s.heads();
        double t = p.seq();
        double hs = s.headDim();
        double scores = heads * t * t;
        boolean probabilityDropout = p.dropouts().attention(); // GPT-2's attn_pdrop, Llama's attention_dropout
        if (p.attention() == AttentionKind.FUSED) {
            ops.add(fusedAttention(at + "attn.fused", l, n, q, kv, kv, s.heads(), heads, t, t, hs, hs, e, 0));
        } else {
            // S = Q·Kᵀ per head (T x HS · HS x T); keeps Q and K
            ops.add(Ops.batchedMatmul(at + "attn.scores", OpKind.ATTN_SCORES, l, heads, t, hs, t, n * q, n * kv, e,
                    n * q + n * kv));
            // S / sqrt(HS) and the causal mask: 1 multiply per score
            ops.add(Ops.elementwise(at + "attn.scale_mask", OpKind.SCALE_MASK, l, scores, 1, 1, 1, e, 0));
            // softmax: exp, sum, divide (Chinchilla appendix F: 3 per score); backward y·(dy - Σ dy·y), 4 per score
            ops.add(Ops.elementwise(at + "attn.softmax", OpKind.SOFTMAX, l, scores, 3, 4, 1, e, scores * e));
            if (probabilityDropout) {
                ops.add(Ops.dropout(at + "attn.dropout", l, scores, e));
            }
            // O = P·V per head (T x T · T x HS); keeps V, and P's dropped-out copy when dropout made one
            ops.add(Ops.batchedMatmul(at + "attn.values", OpKind.ATTN_VALUES, l, heads, t, t, hs, scores, n * kv, e,
                    (probabilityDropout ? scores : 0) + n * kv));
        }
        ops.add(Ops.linear(at + "attn.out", OpKind.OUT_PROJ, l, n, q, c, s.outBias(),
                (long) (q * c + (s.outBias() ? c : 0)), e, true));
        if (p.dropouts().residual()) { // GPT-2's resid_pdrop, after the output projection
            ops.add(Ops.dropout(at + "attn.out_dropout", l, n * c, e));
        }
        ops.add(residual(at + "residual1", l, n * c, e));
    }

    /**
     * FlashAttention (Dao et al. 2022) over K keys per query, Q·Kᵀ in d_qk and P·V in d_v per head: forward Q·Kᵀ,
     * scale, softmax and P·V in one pass, 2·H·T·K·(d_qk + d_v) + 4 per score; backward recomputes Q·Kᵀ and the
     * softmax, then dV = Pᵀ·dO (d_v), dP = dO·Vᵀ (d_v), dQ = dS·K and dK = dSᵀ·Q (d_qk): 2·H·T·K·(3·d_qk + 2·d_v)
     * + 9 per score (5 matmuls of 2·H·T²·HS when d_qk = d_v = HS and K = T). Memory traffic is Q, K, V, O and the
     * fp32 log-sum-exp per row; kept for backward: Q, K, V (O is kept by the output projection).
     *
     * @param qWidth, kWidth, vWidth the widths of Q, K and V per token (K and V narrower with grouped-query attention)
     * @param params                 weights inside the kernel (gpt-oss's sink logit per head), else 0
     */
    static OpCost fusedAttention(String name, int l, double n, double qWidth, double kWidth, double vWidth, int nh,
                                 double heads, double t, double keys, double dqk, double dv, double e, long params) {
        double scores = heads * t * keys;
        double forward = 2 * scores * (dqk + dv) + 4 * scores;
        double backward = 2 * scores * (3 * dqk + 2 * dv) + 9 * scores;
        double qkv = n * (qWidth + kWidth + vWidth);
        double out = n * nh * dv;
        double logSumExp = n * nh * 4;
        return OpCost.builder(name, OpKind.FUSED_ATTENTION, l)
                .forwardFlops(forward).backwardInputFlops(backward)
                .params(params)
                .forwardBytesRead(qkv * e).forwardBytesWritten(out * e + logSumExp)
                .backwardBytesRead((qkv + out + n * qWidth) * e + logSumExp).backwardBytesWritten(qkv * e)
                .activationBytes(qkv * e)
                .build();
    }

    private static void mlp(List<OpCost> ops, ModelShape s, ProfileSettings p, int l, double n, double c, double e) {
        String at = "L" + l + ".";
        double f = s.ffnHidden();
        long experts = s.experts();
        double routed = n * s.expertsPerToken();
        ops.add(Ops.norm(at + "norm2", s.norm() == NormKind.RMSNORM, l, n, c, e));
        if (s.isMixtureOfExperts()) {
            // router logits x·W_r (C x E); its input is the norm's output, kept by the experts' up projection
            ops.add(Ops.linear(at + "mlp.router", OpKind.ROUTER, l, n, c, experts, false, (long) c * experts, e, false));
        }
        long upParams = experts * (long) (c * f + (s.mlpBias() ? f : 0));
        ops.add(Ops.linear(at + "mlp.up", OpKind.MLP_UP, l, routed, c, f, s.mlpBias(), upParams, e, true));
        if (s.mlp() == MlpKind.SWIGLU) {
            ops.add(Ops.linear(at + "mlp.gate", OpKind.MLP_GATE, l, routed, c, f, s.mlpBias(), upParams, e, false));
            // SiLU(g)·u: sigmoid (exp, add, divide), two multiplies = 5 per element; backward d(u) = dy·silu(g) and
            // d(g) = dy·u·σ(g)·(1 + g·(1 - σ(g))), about 10; keeps g and u
            ops.add(Ops.elementwise(at + "mlp.swiglu", OpKind.SWIGLU, l, routed * f, 5, 10, 2, e, 2 * routed * f * e));
        } else {
            // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))): 8 per element with tanh as 1; backward recomputes the
            // tanh and applies 0.5·(1 + t) + 0.5·x·(1 - t²)·√(2/π)·(1 + 3·0.044715·x²), about 16; keeps x
            ops.add(Ops.elementwise(at + "mlp.gelu", OpKind.GELU, l, routed * f, 8, 16, 1, e, routed * f * e));
        }
        long downParams = experts * (long) (f * c + (s.mlpBias() ? c : 0));
        ops.add(Ops.linear(at + "mlp.down", OpKind.MLP_DOWN, l, routed, f, c, s.mlpBias(), downParams, e, true));
        if (p.dropouts().residual()) { // resid_pdrop again, after the MLP
            ops.add(Ops.dropout(at + "mlp.dropout", l, n * c, e));
        }
        ops.add(residual(at + "residual2", l, n * c, e));
    }

    private static void head(List<OpCost> ops, ModelShape s, double n, double c, double e) {
        double v = s.vocab();
        ops.add(Ops.norm("final.norm", s.norm() == NormKind.RMSNORM, -1, n, c, e));
        ops.add(Ops.linear("head.logits", OpKind.LM_HEAD, -1, n, c, v, false,
                s.tiedEmbeddings() ? 0 : (long) s.vocab() * s.dModel(), e, true));
        // softmax over V (3 per logit) and -log p[target] (N); backward (p - onehot)/N, 2 per logit.
        // Keeps the logits and their fp32 softmax: N·V·(e + 4) bytes
        double logits = n * v;
        ops.add(OpCost.builder("head.cross_entropy", OpKind.CROSS_ENTROPY, -1)
                .forwardFlops(3 * logits + n).backwardInputFlops(2 * logits)
                .forwardBytesRead(logits * e).forwardBytesWritten(logits * 4)
                .backwardBytesRead(logits * 4).backwardBytesWritten(logits * e)
                .activationBytes(logits * (e + 4))
                .build());
    }

    /** x + f(x): one add per element; backward passes dy to both branches, accumulating into the skip path. */
    static OpCost residual(String name, int l, double elements, double e) {
        return OpCost.builder(name, OpKind.RESIDUAL, l)
                .forwardFlops(elements).backwardInputFlops(elements)
                .forwardBytesRead(2 * elements * e).forwardBytesWritten(elements * e)
                .backwardBytesRead(2 * elements * e).backwardBytesWritten(elements * e)
                .build();
    }
}
