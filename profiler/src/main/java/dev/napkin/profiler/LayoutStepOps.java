package dev.napkin.profiler;

import dev.napkin.estimator.model.AttentionBlock;
import dev.napkin.estimator.model.DenseMlp;
import dev.napkin.estimator.model.GroupedQueryAttention;
import dev.napkin.estimator.model.LatentAttention;
import dev.napkin.estimator.model.LayerSpec;
import dev.napkin.estimator.model.MixtureOfExperts;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.QkNorm;
import dev.napkin.profiler.Ops.Keep;
import dev.napkin.profiler.Ops.Linear;
import java.util.List;

/**
 * The layers of a {@link dev.napkin.estimator.model.LayerLayout}, op by op, each as the Hugging Face modeling file
 * builds it (the estimator's {@code GroupedQueryAttention}, {@code LatentAttention}, {@code DenseMlp} and
 * {@code MixtureOfExperts} name the files): q/k norms, attention over the keys each layer's span sees (a sliding
 * window or chunk W: min(W, T) keys per query, the convention of {@code LayoutFlops}), attention sinks, multi-head
 * latent attention's down- and up-projections, the router, the k routed experts each token visits and the shared
 * experts. N = B·T tokens; every norm is an RMSNorm.
 */
final class LayoutStepOps {
    private LayoutStepOps() {
    }

    static void layers(List<OpCost> ops, ModelShape s, ProfileSettings p, double n, double c, double e) {
        int l = 0;
        for (LayerSpec layer : s.layoutOrNull().layers()) {
            String at = "L" + l + ".";
            // two norms a layer (before attention and before the MLP; OLMo 2 puts them after), or four (Gemma 2/3:
            // before and after each block); C weights each
            boolean sandwich = layer.norms() == 4;
            ops.add(Ops.norm(at + "norm1", NormKind.RMSNORM, l, n, c, e));
            switch (layer.attention()) {
                case GroupedQueryAttention g -> groupedQuery(ops, at, l, g, n, c, e);
                case LatentAttention m -> latent(ops, at, l, m, n, c, e);
            }
            TrainingStepOps.attentionCore(ops, at, l, AttentionShape.of(layer, p), p.attention(),
                    p.dropouts().attention(), e);
            AttentionBlock a = layer.attention();
            double outWidth = (double) a.heads() * a.vHeadDim();
            boolean outBias = a instanceof GroupedQueryAttention g ? g.outBias()
                    : ((LatentAttention) a).bias();
            // O (N x NH·d_v) · W_O (NH·d_v x C)
            ops.add(Ops.linear(at + "attn.out", OpKind.OUT_PROJ, l, new Linear(n, outWidth, c, outBias), Keep.INPUT,
                    e));
            if (p.dropouts().residual()) { // residual dropout, as the uniform layers (TrainingStepOps)
                ops.add(Ops.dropout(at + "attn.out_dropout", l, n * c, e));
            }
            if (sandwich) {
                ops.add(Ops.norm(at + "post_attn_norm", NormKind.RMSNORM, l, n, c, e));
            }
            ops.add(Ops.residual(at + "residual1", l, n * c, e));
            ops.add(Ops.norm(at + "norm2", NormKind.RMSNORM, l, n, c, e));
            switch (layer.feedForward()) {
                case DenseMlp d -> TrainingStepOps.feedForward(ops, at + "mlp.", l, n, c, d.hidden(), d.kind(),
                        d.bias(), 1, e);
                case MixtureOfExperts m -> experts(ops, at, l, m, n, c, e);
            }
            if (p.dropouts().residual()) { // residual dropout, as the uniform layers (TrainingStepOps)
                ops.add(Ops.dropout(at + "mlp.dropout", l, n * c, e));
            }
            if (sandwich) {
                ops.add(Ops.norm(at + "post_mlp_norm", NormKind.RMSNORM, l, n, c, e));
            }
            ops.add(Ops.residual(at + "residual2", l, n * c, e));
            l++;
        }
    }

    /** q, k, v (C x NH·HS, C x KV·HS twice) as one GEMM; Qwen3/Gemma 3's per-head or OLMo 2's full-width q/k norms. */
    private static void groupedQuery(List<OpCost> ops, String at, int l, GroupedQueryAttention g, double n, double c,
                                     double e) {
        double q = (double) g.heads() * g.headDim();
        double kv = (double) g.kvHeads() * g.headDim();
        double width = q + 2 * kv;
        ops.add(Ops.linear(at + "attn.qkv", OpKind.QKV_PROJ, l, new Linear(n, c, width, g.qkvBias()), Keep.INPUT, e));
        if (g.qkNorm() == QkNorm.PER_HEAD) {
            // RMSNorm(head_dim) over every head's vector: N·NH rows of HS for q, N·KV for k, HS weights each
            ops.add(Ops.norm(at + "attn.q_norm", NormKind.RMSNORM, l, n * g.heads(), g.headDim(), e));
            ops.add(Ops.norm(at + "attn.k_norm", NormKind.RMSNORM, l, n * g.kvHeads(), g.headDim(), e));
        } else if (g.qkNorm() == QkNorm.FULL_WIDTH) {
            ops.add(Ops.norm(at + "attn.q_norm", NormKind.RMSNORM, l, n, q, e));
            ops.add(Ops.norm(at + "attn.k_norm", NormKind.RMSNORM, l, n, kv, e));
        }
        // rotate pairs of Q and K, 3 FLOPs per element (as TrainingStepOps; Llama 4's NoPE layers skip it, which
        // napkin does not tell apart: an elementwise op, no matmul FLOPs and no parameters)
        ops.add(Ops.rotary(at + "attn.rotary", l, n * (q + kv), e));
    }

    /**
     * DeepSeek-V3's MLA: q_a_proj (C x q_lora), q_a_layernorm, q_b_proj (q_lora x NH·d_qk), or q_proj; then
     * kv_a_proj_with_mqa (C x (kv_lora + d_rope)), kv_a_layernorm, kv_b_proj (kv_lora x NH·(d_nope + d_v)); rotary on
     * the d_rope parts of Q (every head) and K (one shared head). Biases with attention_bias.
     */
    private static void latent(List<OpCost> ops, String at, int l, LatentAttention m, double n, double c, double e) {
        double qk = (double) m.heads() * m.qkHeadDim();
        boolean b = m.bias();
        if (m.qLoraRank() > 0) {
            double r = m.qLoraRank();
            ops.add(Ops.linear(at + "attn.q_a_proj", OpKind.QKV_PROJ, l, new Linear(n, c, r, b), Keep.INPUT, e));
            ops.add(Ops.norm(at + "attn.q_a_layernorm", NormKind.RMSNORM, l, n, r, e));
            ops.add(Ops.linear(at + "attn.q_b_proj", OpKind.QKV_PROJ, l, new Linear(n, r, qk), Keep.INPUT, e));
        } else {
            ops.add(Ops.linear(at + "attn.q_proj", OpKind.QKV_PROJ, l, new Linear(n, c, qk), Keep.INPUT, e));
        }
        double kvA = m.kvLoraRank() + m.qkRopeHeadDim();
        // reads the same norm output as the query projection, which keeps it: one tensor, stored once
        ops.add(Ops.linear(at + "attn.kv_a_proj_with_mqa", OpKind.QKV_PROJ, l, new Linear(n, c, kvA, b), Keep.NOTHING,
                e));
        double r = m.kvLoraRank();
        ops.add(Ops.norm(at + "attn.kv_a_layernorm", NormKind.RMSNORM, l, n, r, e));
        double kvB = (double) m.heads() * (m.qkNopeHeadDim() + m.vHeadDim());
        ops.add(Ops.linear(at + "attn.kv_b_proj", OpKind.QKV_PROJ, l, new Linear(n, r, kvB), Keep.INPUT, e));
        double rope = (double) m.qkRopeHeadDim() * (m.heads() + 1);
        ops.add(Ops.rotary(at + "attn.rotary", l, n * rope, e));
    }

    /**
     * The router (C x E, gpt-oss's with bias), Qwen2-MoE's shared_expert_gate (C x 1), the k routed experts each
     * token visits (N·k rows through gate, up and down of width F_e; all E experts' weights), and the shared experts
     * every token runs (width F_s).
     */
    private static void experts(List<OpCost> ops, String at, int l, MixtureOfExperts m, double n, double c,
                                double e) {
        double experts = m.experts();
        // the router and the shared gate read the norm's output, kept by the experts' up projection; the router
        // keeps its E probabilities a token, in fp32, for backward (MixtureOfExperts.ROUTER_BYTES)
        ops.add(Ops.linear(at + "moe.router", OpKind.ROUTER, l, new Linear(n, c, experts, m.routerBias()),
                Keep.NOTHING, e).toBuilder().activationBytes(n * experts * MixtureOfExperts.ROUTER_BYTES).build());
        if (m.sharedGate()) {
            ops.add(Ops.linear(at + "moe.shared_expert_gate", OpKind.ROUTER, l, new Linear(n, c, 1), Keep.NOTHING,
                    e));
        }
        TrainingStepOps.feedForward(ops, at + TrainingStepOps.ROUTED_EXPERTS.substring(1), l, n * m.perToken(), c,
                m.expertHidden(), MlpKind.SWIGLU, m.expertBias(), m.experts(), e);
        if (m.sharedHidden() > 0) {
            TrainingStepOps.feedForward(ops, at + "moe.shared.", l, n, c, m.sharedHidden(), MlpKind.SWIGLU, false, 1,
                    e);
        }
    }
}
