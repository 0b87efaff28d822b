package dev.napkin.estimator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.napkin.lookup.InputFiles;
import dev.napkin.lookup.JsonTables;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a Hugging Face {@code config.json} into a {@link Model} as transformers does: a key the file omits takes the
 * default of the model class's configuration (the class's {@code __init__} or dataclass field defaults), not zero.
 * Field names per family: GPT-2 ({@code n_layer, n_embd, n_head, n_inner, n_positions, vocab_size, resid_pdrop,
 * attn_pdrop, embd_pdrop}) and the Llama family ({@code num_hidden_layers, hidden_size, num_attention_heads,
 * num_key_value_heads, intermediate_size, max_position_embeddings, vocab_size, tie_word_embeddings, head_dim,
 * attention_dropout}), which Mistral, Qwen2 and Mixtral ({@code num_local_experts, num_experts_per_tok}) share.
 */
public final class HfConfig {
    private static final Set<String> READABLE = Set.of("gpt2", "llama", "mistral", "qwen2", "mixtral");

    /**
     * One class's defaults, from its configuration file in huggingface/transformers
     * ({@code src/transformers/models/<type>/configuration_<type>.py}).
     *
     * @param kvHeadsWhenMissing K/V heads when the key is absent; 0 means "as many as the query heads". A key
     *                           present as null always means as many as the query heads (each class's
     *                           {@code if num_key_value_heads is None}).
     */
    private record Defaults(int layers, int hidden, int heads, int kvHeadsWhenMissing, int intermediate, int vocab,
                            int positions, int experts, int expertsPerToken) {
    }

    // LlamaConfig: vocab_size 32000, hidden_size 4096, intermediate_size 11008, num_hidden_layers 32,
    // num_attention_heads 32, num_key_value_heads None (= heads), max_position_embeddings 2048 (Llama 2 7B's shape)
    private static final Defaults LLAMA = new Defaults(32, 4096, 32, 0, 11008, 32000, 2048, 1, 1);
    // MistralConfig: the same but intermediate_size 14336, num_key_value_heads 8, max_position_embeddings 4096 * 32
    // (Mistral 7B v0.1's shape)
    private static final Defaults MISTRAL = new Defaults(32, 4096, 32, 8, 14336, 32000, 4096 * 32, 1, 1);
    // Qwen2Config: vocab_size 151936, hidden_size 4096, intermediate_size 22016, num_hidden_layers 32,
    // num_attention_heads 32, num_key_value_heads 32, max_position_embeddings 32768
    private static final Defaults QWEN2 = new Defaults(32, 4096, 32, 32, 22016, 151936, 32768, 1, 1);
    // MixtralConfig: MistralConfig's shape with num_local_experts 8 and num_experts_per_tok 2 (Mixtral 8x7B's)
    private static final Defaults MIXTRAL = new Defaults(32, 4096, 32, 8, 14336, 32000, 4096 * 32, 8, 2);
    // GPT2Config: vocab_size 50257, n_positions 1024, n_embd 768, n_layer 12, n_head 12, n_inner None (= 4 x n_embd)
    private static final Defaults GPT2 = new Defaults(12, 768, 12, 0, 0, 50257, 1024, 1, 1);
    /** GPT2Config's resid_pdrop, embd_pdrop and attn_pdrop. */
    private static final double GPT2_DROPOUT = 0.1;

    private HfConfig() {
    }

    public static Model read(Path file) {
        // keys napkin does not read are fine here (a config.json has dozens); more after the object is not
        JsonNode root = JsonTables.readTree(InputFiles.read(file, "config file", InputFiles.CONFIG_LIMIT),
                "config file '" + file + "'");
        if (!root.isObject()) {
            throw new IllegalArgumentException("config file '" + file + "' is not a JSON object");
        }
        String type = root.path("model_type").asText("").toLowerCase(Locale.ROOT);
        String id = file.getFileName().toString();
        if (!READABLE.contains(type) && !HfLayouts.reads(type)) {
            throw new IllegalArgumentException("config file '" + file + "' has model_type '" + type
                    + "'; napkin reads gpt2, llama, mistral, qwen2, mixtral and "
                    + String.join(", ", HfLayouts.TYPES.stream().sorted().toList())
                    + " configs (or use --model / explicit shape flags)");
        }
        try {
            if (HfLayouts.reads(type)) {
                return HfLayouts.read(root, id, type + " config " + id);
            }
            return switch (type) {
                case "gpt2" -> gpt2(root, id);
                case "llama" -> llamaLike(root, id, type, LLAMA);
                case "mistral" -> llamaLike(root, id, type, MISTRAL);
                case "qwen2" -> llamaLike(root, id, type, QWEN2);
                default -> llamaLike(root, id, type, MIXTRAL);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config file '" + file + "': " + e.getMessage(), e);
        }
    }

    private static Model gpt2(JsonNode c, String id) {
        int layers = whole(c, "n_layer", GPT2.layers());
        int width = whole(c, "n_embd", GPT2.hidden());
        int heads = whole(c, "n_head", GPT2.heads());
        int inner = c.hasNonNull("n_inner") ? whole(c, "n_inner", 0) : 4 * width;
        // tie_word_embeddings: PretrainedConfig's default True, which GPT2Config keeps
        ModelShape shape = ModelShape.builder().layers(layers).dModel(width).heads(heads).ffnHidden(inner)
                .vocab(whole(c, "vocab_size", GPT2.vocab())).context(whole(c, "n_positions", GPT2.positions()))
                .mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED).biases(true)
                .tiedEmbeddings(bool(c, "tie_word_embeddings", true)).build();
        // GPT2Attention drops its probabilities (attn_pdrop) and its output (resid_pdrop), GPT2MLP its output
        // (resid_pdrop), GPT2Model the summed embeddings (embd_pdrop): modeling_gpt2.py
        Dropout dropout = new Dropout(rate(c, "resid_pdrop", GPT2_DROPOUT) > 0, rate(c, "attn_pdrop", GPT2_DROPOUT) > 0,
                rate(c, "embd_pdrop", GPT2_DROPOUT) > 0);
        return Model.ofShape(id, "GPT-2 config " + id, shape, dropout);
    }

    private static Model llamaLike(JsonNode c, String id, String type, Defaults d) {
        int layers = whole(c, "num_hidden_layers", d.layers());
        int width = whole(c, "hidden_size", d.hidden());
        int heads = whole(c, "num_attention_heads", d.heads());
        int kvHeads;
        if (c.has("num_key_value_heads")) {
            kvHeads = c.get("num_key_value_heads").isNull() ? heads : whole(c, "num_key_value_heads", heads);
        } else {
            kvHeads = d.kvHeadsWhenMissing() == 0 ? heads : d.kvHeadsWhenMissing();
        }
        boolean mixtral = type.equals("mixtral");
        int experts = mixtral ? whole(c, "num_local_experts", d.experts()) : 1;
        int perToken = mixtral ? whole(c, "num_experts_per_tok", d.expertsPerToken()) : 1;
        // biases: Qwen2Attention has them on Q, K and V (modeling_qwen2.py); LlamaConfig's attention_bias (Q, K, V
        // and O) and mlp_bias default False; Mistral and Mixtral have none
        boolean llama = type.equals("llama");
        boolean attentionBias = llama && bool(c, "attention_bias", false);
        boolean qkvBias = type.equals("qwen2") || attentionBias;
        boolean mlpBias = llama && bool(c, "mlp_bias", false);
        // tie_word_embeddings: False in all four classes
        boolean tied = bool(c, "tie_word_embeddings", false);
        int context = whole(c, "max_position_embeddings", d.positions());
        int ffn = whole(c, "intermediate_size", d.intermediate());
        int vocab = whole(c, "vocab_size", d.vocab());
        ModelShape.Builder builder = ModelShape.builder().layers(layers).dModel(width).heads(heads).kvHeads(kvHeads)
                .ffnHidden(ffn).vocab(vocab).context(context).mlp(MlpKind.SWIGLU).norm(NormKind.RMSNORM)
                .position(PositionKind.ROTARY).qkvBias(qkvBias).outBias(attentionBias).mlpBias(mlpBias)
                .tiedEmbeddings(tied).experts(experts).expertsPerToken(perToken);
        if (c.hasNonNull("head_dim")) {
            builder.headDim(whole(c, "head_dim", 0));
        }
        ModelShape shape = builder.build();
        // attention_dropout (default 0.0 in all four classes) drops the attention probabilities only; these
        // models have no residual or embedding dropout
        Dropout dropout = new Dropout(false, rate(c, "attention_dropout", 0) > 0, false);
        return Model.ofShape(id, type + " config " + id, shape, dropout);
    }

    private static boolean bool(JsonNode c, String field, boolean whenMissing) {
        JsonNode node = c.get(field);
        if (node == null || node.isNull()) {
            return whenMissing;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' must be true or false, got " + node);
        }
        return node.asBoolean();
    }

    private static double rate(JsonNode c, String field, double whenMissing) {
        JsonNode node = c.get(field);
        if (node == null || node.isNull()) {
            return whenMissing;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() >= 1) {
            throw new IllegalArgumentException("field '" + field + "' must be a dropout rate in [0, 1), got " + node);
        }
        return node.asDouble();
    }

    /** The field as a positive whole number, or {@code whenMissing} (the class default) when the file omits it. */
    private static int whole(JsonNode c, String field, int whenMissing) {
        JsonNode node = c.get(field);
        if ((node == null || node.isNull()) && whenMissing > 0) {
            return whenMissing;
        }
        return required(c, field);
    }

    private static int required(JsonNode c, String field) {
        JsonNode node = c.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        if (!node.isIntegralNumber() || node.asLong() <= 0) {
            throw new IllegalArgumentException("field '" + field + "' must be a positive whole number, got " + node);
        }
        int max = switch (field) {
            case "n_layer", "num_hidden_layers" -> ModelShape.MAX_LAYERS;
            case "n_head", "num_attention_heads", "num_key_value_heads" -> ModelShape.MAX_HEADS;
            case "vocab_size" -> ModelShape.MAX_VOCAB;
            case "n_positions", "max_position_embeddings" -> ModelShape.MAX_CONTEXT;
            case "num_local_experts", "num_experts_per_tok" -> ModelShape.MAX_EXPERTS;
            default -> ModelShape.MAX_WIDTH;
        };
        if (!node.canConvertToLong() || node.asLong() > max) {
            throw new IllegalArgumentException("field '" + field + "' must be at most " + max + ", got " + node);
        }
        return node.asInt();
    }
}
