package dev.napkin.harness;

import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the harness trains: GPT-2 as Raschka's GPTModel builds it (Build a Large Language Model From Scratch,
 * chapter 4), with any sizes.
 */
public final class Gpt2Shapes {
    private Gpt2Shapes() {
    }

    /**
     * Refuses, in one line, a shape that is not GPT-2's: GELU MLP, LayerNorm, learned positions, an LM head tied to
     * the token embedding, plain multi-head attention, no experts. Biases may be on or off.
     */
    public static void require(String modelId, ModelShape s) {
        List<String> missing = new ArrayList<>();
        if (s.mlp() != MlpKind.GELU) {
            missing.add("a GELU MLP (it has " + s.mlp().name().toLowerCase(Locale.ROOT) + ")");
        }
        if (s.norm() != NormKind.LAYERNORM) {
            missing.add("LayerNorm");
        }
        if (s.position() != PositionKind.LEARNED) {
            missing.add("learned positions");
        }
        if (!s.tiedEmbeddings()) {
            missing.add("an LM head tied to the token embedding");
        }
        if (s.kvHeads() != s.heads() || s.attentionWidth() != s.dModel()) {
            missing.add("plain multi-head attention (kv_heads = heads, heads x head_dim = d_model)");
        }
        if (s.isMixtureOfExperts()) {
            missing.add("one MLP per layer (no experts)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the harness trains GPT-2-style models; " + modelId + " lacks "
                    + String.join(", ", missing) + "; use --model gpt2-small (or medium, large, xl) or an explicit "
                    + "--layers/--d-model/--heads/--vocab shape");
        }
    }
}
