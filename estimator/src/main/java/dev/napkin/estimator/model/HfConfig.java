package dev.napkin.estimator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.napkin.lookup.JsonTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a Hugging Face {@code config.json} into a {@link Model}. Field names per family:
 * GPT-2 ({@code n_layer, n_embd, n_head, n_inner, n_positions, vocab_size}) and the Llama family
 * ({@code num_hidden_layers, hidden_size, num_attention_heads, num_key_value_heads, intermediate_size,
 * max_position_embeddings, vocab_size, tie_word_embeddings, head_dim}), which Mistral, Qwen2 and Mixtral
 * ({@code num_local_experts, num_experts_per_tok}) share.
 */
public final class HfConfig {
    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final Set<String> LLAMA_LIKE = Set.of("llama", "mistral", "qwen2", "mixtral");

    private HfConfig() {
    }

    public static Model read(Path file) {
        JsonNode root;
        try {
            root = LENIENT.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file '" + file + "' does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file '" + file + "': " + JsonTables.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config file '" + file + "' is not a JSON object");
        }
        String type = root.path("model_type").asText("").toLowerCase(Locale.ROOT);
        String id = file.getFileName().toString();
        try {
            if (type.equals("gpt2")) {
                return gpt2(root, id);
            }
            if (LLAMA_LIKE.contains(type)) {
                return llamaLike(root, id, type);
            }
            if (HfLayouts.reads(type)) {
                return HfLayouts.read(root, id, type + " config " + id);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config file '" + file + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("config file '" + file + "' has model_type '" + type
                + "'; napkin reads gpt2, llama, mistral, qwen2, mixtral and "
                + String.join(", ", HfLayouts.TYPES.stream().sorted().toList())
                + " configs (or use --model / explicit shape flags)");
    }

    private static Model gpt2(JsonNode c, String id) {
        int layers = required(c, "n_layer");
        int width = required(c, "n_embd");
        int heads = required(c, "n_head");
        int inner = c.hasNonNull("n_inner") ? required(c, "n_inner") : 4 * width;
        ModelShape shape = ModelShape.withDerivedHeadDim(layers, width, heads, heads, inner, required(c, "vocab_size"),
                required(c, "n_positions"), MlpKind.GELU, NormKind.LAYERNORM, PositionKind.LEARNED, true, true, true,
                c.path("tie_word_embeddings").asBoolean(true), 1, 1);
        boolean dropout = c.path("resid_pdrop").asDouble(0) > 0 || c.path("attn_pdrop").asDouble(0) > 0;
        return Model.ofShape(id, "GPT-2 config " + id, shape, dropout);
    }

    private static Model llamaLike(JsonNode c, String id, String type) {
        int layers = required(c, "num_hidden_layers");
        int width = required(c, "hidden_size");
        int heads = required(c, "num_attention_heads");
        int kvHeads = c.hasNonNull("num_key_value_heads") ? required(c, "num_key_value_heads") : heads;
        int experts = type.equals("mixtral") ? required(c, "num_local_experts") : 1;
        int perToken = type.equals("mixtral") ? required(c, "num_experts_per_tok") : 1;
        // Qwen2 puts biases on Q, K, V only; Llama has attention_bias (Q, K, V and O) and mlp_bias switches.
        boolean attentionBias = c.path("attention_bias").asBoolean(false);
        boolean qkvBias = type.equals("qwen2") || attentionBias;
        boolean mlpBias = c.path("mlp_bias").asBoolean(false);
        boolean tied = c.path("tie_word_embeddings").asBoolean(false);
        int context = required(c, "max_position_embeddings");
        int ffn = required(c, "intermediate_size");
        int vocab = required(c, "vocab_size");
        ModelShape shape = c.hasNonNull("head_dim")
                ? new ModelShape(layers, width, heads, kvHeads, required(c, "head_dim"), ffn, vocab, context,
                        MlpKind.SWIGLU, NormKind.RMSNORM, PositionKind.ROTARY, qkvBias, attentionBias, mlpBias, tied, experts, perToken)
                : ModelShape.withDerivedHeadDim(layers, width, heads, kvHeads, ffn, vocab, context, MlpKind.SWIGLU,
                        NormKind.RMSNORM, PositionKind.ROTARY, qkvBias, attentionBias, mlpBias, tied, experts, perToken);
        boolean dropout = c.path("attention_dropout").asDouble(0) > 0;
        return Model.ofShape(id, type + " config " + id, shape, dropout);
    }

    private static int required(JsonNode c, String field) {
        JsonNode node = c.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
            throw new IllegalArgumentException("field '" + field + "' must be a positive whole number, got " + node);
        }
        return node.asInt();
    }
}
