package dev.napkin.estimator.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter tensors of a {@link ModelShape}, by shape: what optimizers that factor their state by rows and
 * columns (Adafactor) need, and a second, independent way to arrive at {@link ParameterCount#total()}.
 */
public final class ParameterTensors {
    private ParameterTensors() {
    }

    /** {@code copies} tensors of {@code rows x cols} ({@code rows = 1} for a vector). */
    public record Tensor(String name, long rows, long cols, long copies) {
        public long elements() {
            return rows * cols * copies;
        }

        public boolean isMatrix() {
            return rows > 1 && cols > 1;
        }
    }

    public static List<Tensor> of(ModelShape s) {
        if (s.layoutOrNull() != null) {
            return LayoutTensors.of(s, s.layoutOrNull());
        }
        long c = s.dModel();
        long l = s.layers();
        long f = s.ffnHidden();
        long q = s.attentionWidth();
        long kv = s.kvWidth();
        long experts = (long) s.experts() * l;
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("token_embedding", s.vocab(), c, 1));
        if (s.position() == PositionKind.LEARNED) {
            t.add(new Tensor("position_embedding", s.context(), c, 1));
        }
        t.add(new Tensor("attention.query", c, q, l));
        t.add(new Tensor("attention.key", c, kv, l));
        t.add(new Tensor("attention.value", c, kv, l));
        t.add(new Tensor("attention.output", q, c, l));
        if (s.position() == PositionKind.RELATIVE) {
            t.add(new Tensor("attention.relative_position", c, q, l));
        }
        if (s.qkvBias()) {
            t.add(new Tensor("attention.qkv_bias", 1, q + 2 * kv, l));
        }
        if (s.outBias()) {
            t.add(new Tensor("attention.output_bias", 1, c, l));
        }
        t.add(new Tensor("mlp.up", c, f, experts));
        if (s.mlp() == MlpKind.SWIGLU) {
            t.add(new Tensor("mlp.gate", c, f, experts));
        }
        t.add(new Tensor("mlp.down", f, c, experts));
        if (s.mlpBias()) {
            t.add(new Tensor("mlp.hidden_bias", 1, f, experts * (s.mlp().matrices() - 1)));
            t.add(new Tensor("mlp.output_bias", 1, c, experts));
        }
        if (s.isMixtureOfExperts()) {
            t.add(new Tensor("mlp.router", c, s.experts(), l));
        }
        t.add(new Tensor("norms", 1, c, (2 * l + 1) * s.norm().vectorsPerNorm()));
        if (!s.tiedEmbeddings()) {
            t.add(new Tensor("lm_head", c, s.vocab(), 1));
        }
        return List.copyOf(t);
    }
}
