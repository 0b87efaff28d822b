package dev.napkin.estimator.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter tensors of a {@link LayerLayout}, named after the modules the Hugging Face modeling files create
 * (q_proj, kv_a_proj_with_mqa, experts.gate_up_proj, ...): the list Adafactor factors, and the second way to
 * arrive at the total, module by module rather than by the formulas of {@link LayoutCount}.
 */
final class LayoutTensors {
    private LayoutTensors() {
    }

    static List<ParameterTensors.Tensor> of(ModelShape s, LayerLayout layout) {
        long c = s.dModel();
        List<ParameterTensors.Tensor> t = new ArrayList<>();
        t.add(new ParameterTensors.Tensor("embed_tokens", s.vocab(), c, 1));
        int i = 0;
        for (LayerSpec l : layout.layers()) {
            String at = "layers." + i++ + ".";
            attention(t, at + "self_attn.", l.attention(), c);
            feedForward(t, at + "mlp.", l.feedForward(), c);
            t.add(new ParameterTensors.Tensor(at + "norms", 1, c, l.norms()));
        }
        t.add(new ParameterTensors.Tensor("norm", 1, c, 1));
        if (!s.tiedEmbeddings()) {
            t.add(new ParameterTensors.Tensor("lm_head", c, s.vocab(), 1));
        }
        return List.copyOf(t);
    }

    private static void attention(List<ParameterTensors.Tensor> t, String at, AttentionBlock block, long c) {
        switch (block) {
            case GroupedQueryAttention g -> {
                long q = (long) g.heads() * g.headDim();
                long kv = (long) g.kvHeads() * g.headDim();
                t.add(new ParameterTensors.Tensor(at + "q_proj", c, q, 1));
                t.add(new ParameterTensors.Tensor(at + "k_proj", c, kv, 1));
                t.add(new ParameterTensors.Tensor(at + "v_proj", c, kv, 1));
                t.add(new ParameterTensors.Tensor(at + "o_proj", q, c, 1));
                if (g.qkvBias()) {
                    t.add(new ParameterTensors.Tensor(at + "qkv_bias", 1, q + 2 * kv, 1));
                }
                if (g.outBias()) {
                    t.add(new ParameterTensors.Tensor(at + "o_proj.bias", 1, c, 1));
                }
                switch (g.qkNorm()) {
                    case NONE -> { }
                    case PER_HEAD -> t.add(new ParameterTensors.Tensor(at + "q_norm,k_norm", 1, g.headDim(), 2));
                    case FULL_WIDTH -> {
                        t.add(new ParameterTensors.Tensor(at + "q_norm", 1, q, 1));
                        t.add(new ParameterTensors.Tensor(at + "k_norm", 1, kv, 1));
                    }
                }
                if (g.sinks()) {
                    t.add(new ParameterTensors.Tensor(at + "sinks", 1, g.heads(), 1));
                }
            }
            case LatentAttention m -> {
                long qk = (long) m.heads() * m.qkHeadDim();
                if (m.qLoraRank() > 0) {
                    t.add(new ParameterTensors.Tensor(at + "q_a_proj", c, m.qLoraRank(), 1));
                    t.add(new ParameterTensors.Tensor(at + "q_a_layernorm", 1, m.qLoraRank(), 1));
                    t.add(new ParameterTensors.Tensor(at + "q_b_proj", m.qLoraRank(), qk, 1));
                } else {
                    t.add(new ParameterTensors.Tensor(at + "q_proj", c, qk, 1));
                }
                t.add(new ParameterTensors.Tensor(at + "kv_a_proj_with_mqa", c, m.kvLoraRank() + m.qkRopeHeadDim(), 1));
                t.add(new ParameterTensors.Tensor(at + "kv_a_layernorm", 1, m.kvLoraRank(), 1));
                t.add(new ParameterTensors.Tensor(at + "kv_b_proj", m.kvLoraRank(),
                        (long) m.heads() * (m.qkNopeHeadDim() + m.vHeadDim()), 1));
                t.add(new ParameterTensors.Tensor(at + "o_proj", (long) m.heads() * m.vHeadDim(), c, 1));
                if (m.bias()) {
                    long biases = (m.qLoraRank() > 0 ? m.qLoraRank() : 0) + m.kvLoraRank() + m.qkRopeHeadDim() + c;
                    t.add(new ParameterTensors.Tensor(at + "biases", 1, biases, 1));
                }
            }
        }
    }

    private static void feedForward(List<ParameterTensors.Tensor> t, String at, FeedForward block, long c) {
        switch (block) {
            case DenseMlp d -> {
                if (d.kind() == MlpKind.SWIGLU) {
                    t.add(new ParameterTensors.Tensor(at + "gate_proj", c, d.hidden(), 1));
                }
                t.add(new ParameterTensors.Tensor(at + "up_proj", c, d.hidden(), 1));
                t.add(new ParameterTensors.Tensor(at + "down_proj", d.hidden(), c, 1));
                if (d.bias()) {
                    t.add(new ParameterTensors.Tensor(at + "hidden_bias", 1, d.hidden(), d.kind().matrices() - 1));
                    t.add(new ParameterTensors.Tensor(at + "down_proj.bias", 1, c, 1));
                }
            }
            case MixtureOfExperts m -> {
                t.add(new ParameterTensors.Tensor(at + "gate", c, m.experts(), 1));
                if (m.routerBias()) {
                    t.add(new ParameterTensors.Tensor(at + "gate.bias", 1, m.experts(), 1));
                }
                t.add(new ParameterTensors.Tensor(at + "experts.gate_up_proj", c, 2L * m.expertHidden(), m.experts()));
                t.add(new ParameterTensors.Tensor(at + "experts.down_proj", m.expertHidden(), c, m.experts()));
                if (m.expertBias()) {
                    t.add(new ParameterTensors.Tensor(at + "experts.gate_up_proj_bias", 1, 2L * m.expertHidden(),
                            m.experts()));
                    t.add(new ParameterTensors.Tensor(at + "experts.down_proj_bias", 1, c, m.experts()));
                }
                if (m.sharedHidden() > 0) {
                    t.add(new ParameterTensors.Tensor(at + "shared_experts.gate_up", c, 2L * m.sharedHidden(), 1));
                    t.add(new ParameterTensors.Tensor(at + "shared_experts.down_proj", m.sharedHidden(), c, 1));
                }
                if (m.sharedGate()) {
                    t.add(new ParameterTensors.Tensor(at + "shared_expert_gate", c, 1, 1));
                }
            }
        }
    }
}
