package dev.napkin.estimator.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Reads the Hugging Face configs of the architectures whose layers napkin lists one by one, each as its modeling
 * file in transformers builds the modules (the file is named at each reader). A key the config lacks takes its
 * configuration class's default where napkin relies on one (named at each reader); otherwise it is an error naming
 * the key.
 */
public final class HfLayouts {
    /** The model_types read here (gemma3 and llama4 wrap their language model in text_config). */
    public static final Set<String> TYPES = Set.of("qwen3", "qwen2_moe", "qwen3_moe", "deepseek_v3", "gemma2",
            "gemma3", "gemma3_text", "llama4", "llama4_text", "gpt_oss", "phi3", "olmo2");

    private HfLayouts() {
    }

    public static boolean reads(String modelType) {
        return TYPES.contains(modelType.toLowerCase(Locale.ROOT));
    }

    /** The model a config describes; {@code id} names it in messages and reports. */
    public static Model read(JsonNode root, String id, String description) {
        ConfigFields top = new ConfigFields(root);
        String type = root.path("model_type").asText("").toLowerCase(Locale.ROOT);
        // Gemma3ForConditionalGeneration and Llama4ForConditionalGeneration: the language model's fields sit in
        // text_config (configuration_gemma3.py, configuration_llama4.py); napkin counts the language model only
        ConfigFields c = (type.equals("gemma3") || type.equals("llama4")) && root.has("text_config")
                ? new ConfigFields(root.get("text_config")) : top;
        Built b = switch (type) {
            case "qwen3" -> qwen3(c);
            case "qwen2_moe", "qwen3_moe" -> qwenMoe(c, type);
            case "deepseek_v3" -> deepseekV3(c);
            case "gemma2", "gemma3", "gemma3_text" -> gemma(c, type);
            case "llama4", "llama4_text" -> llama4(c);
            case "gpt_oss" -> gptOss(c);
            case "phi3" -> phi3(c);
            case "olmo2" -> olmo2(c);
            default -> throw new IllegalArgumentException("model_type '" + type + "' is not one napkin lays out; "
                    + "it reads " + String.join(", ", TYPES.stream().sorted().toList()));
        };
        LayerLayout layout = new LayerLayout(type, b.layers, b.mtp);
        boolean tied = top.flagOr("tie_word_embeddings", c.flagOr("tie_word_embeddings", b.tiedDefault));
        // Gemma3TextConfig's defaults, which the 27B config relies on (configuration_gemma3.py)
        boolean gemma3 = type.startsWith("gemma3");
        int vocab = gemma3 ? c.positiveOr("vocab_size", 262_208) : c.positive("vocab_size");
        int context = gemma3 ? c.positiveOr("max_position_embeddings", 131_072) : c.positive("max_position_embeddings");
        ModelShape shape = summary(layout, c.positive("hidden_size"), vocab, context, tied);
        boolean dropout = c.numberOr("attention_dropout", 0) > 0;
        return Model.ofShape(id, description, shape, dropout);
    }

    /** What a family reader builds: the layers, the class default of tie_word_embeddings, and any MTP modules. */
    private record Built(List<LayerSpec> layers, boolean tiedDefault, MultiTokenPrediction mtp) {
        Built(List<LayerSpec> layers, boolean tiedDefault) {
            this(layers, tiedDefault, null);
        }
    }

    /** The summary fields: the first layer's attention, the first mixture of experts (or the first MLP). */
    private static ModelShape summary(LayerLayout layout, int c, int vocab, int context, boolean tied) {
        LayerSpec first = layout.layers().getFirst();
        LayerSpec ffnLayer = layout.layers().stream().filter(LayerSpec::isMixtureOfExperts).findFirst().orElse(first);
        int heads = first.attention().heads();
        int kvHeads = first.attention() instanceof GroupedQueryAttention g ? g.kvHeads() : heads;
        boolean qkvBias = first.attention() instanceof GroupedQueryAttention g && g.qkvBias();
        boolean outBias = first.attention() instanceof GroupedQueryAttention g && g.outBias();
        int ffn;
        int experts = 1;
        int perToken = 1;
        if (ffnLayer.feedForward() instanceof MixtureOfExperts m) {
            ffn = m.expertHidden();
            experts = m.experts();
            perToken = m.perToken();
        } else {
            ffn = ((DenseMlp) ffnLayer.feedForward()).hidden();
        }
        return ModelShape.builder().layers(layout.layers().size()).dModel(c).heads(heads).kvHeads(kvHeads)
                .headDim(first.attention().qkHeadDim()).ffnHidden(ffn).vocab(vocab).context(context)
                .mlp(MlpKind.SWIGLU).norm(NormKind.RMSNORM).position(PositionKind.ROTARY).qkvBias(qkvBias)
                .outBias(outBias).mlpBias(false).tiedEmbeddings(tied).experts(experts).expertsPerToken(perToken)
                .layout(layout).build();
    }

    private static List<LayerSpec> layers(int count, IntFunction<LayerSpec> layer) {
        List<LayerSpec> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(layer.apply(i));
        }
        return out;
    }

    private static GroupedQueryAttention gqa(ConfigFields c, boolean qkvBias, boolean outBias, QkNorm norm,
                                             boolean sinks) {
        int heads = c.positive("num_attention_heads");
        int kv = c.positiveOr("num_key_value_heads", heads);
        int headDim = c.has("head_dim") ? c.positive("head_dim") : divide(c.positive("hidden_size"), heads);
        return new GroupedQueryAttention(heads, kv, headDim, qkvBias, outBias, norm, sinks);
    }

    private static int divide(int width, int heads) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("hidden_size " + width + " is not divisible by num_attention_heads "
                    + heads + " and the config has no head_dim");
        }
        return width / heads;
    }

    /**
     * The span of layer i from {@code layer_types} where the config lists them (transformers 4.54 and later write
     * them: "full_attention", "sliding_attention", "chunked_attention"), else from the family's rule.
     */
    private static IntFunction<AttentionSpan> spans(ConfigFields c, int layers, IntFunction<AttentionSpan> rule) {
        List<String> types = c.stringsOrNull("layer_types", layers);
        if (types == null) {
            return rule;
        }
        return i -> switch (types.get(i)) {
            case "full_attention" -> AttentionSpan.full();
            case "sliding_attention" -> AttentionSpan.sliding(c.positive("sliding_window"));
            case "chunked_attention" -> AttentionSpan.chunked(c.positive("attention_chunk_size"));
            default -> throw new IllegalArgumentException("field 'layer_types' has '" + types.get(i)
                    + "' at layer " + i + "; napkin knows full_attention, sliding_attention and chunked_attention");
        };
    }

    /**
     * Qwen2/Qwen3 windows: with use_sliding_window, layers from max_window_layers on slide (configuration_qwen3.py:
     * "sliding_attention" if sliding_window is not None and i >= max_window_layers). Class default: no window.
     */
    private static IntFunction<AttentionSpan> qwenSpans(ConfigFields c, int layers) {
        boolean sliding = c.flagOr("use_sliding_window", false);
        return spans(c, layers, i -> sliding && i >= c.countOr("max_window_layers", layers)
                ? AttentionSpan.sliding(c.positive("sliding_window")) : AttentionSpan.full());
    }

    /** Qwen3 (transformers/models/qwen3/modeling_qwen3.py): Llama with q_norm and k_norm of head_dim. */
    private static Built qwen3(ConfigFields c) {
        int layers = c.positive("num_hidden_layers");
        boolean bias = c.flagOr("attention_bias", false);
        AttentionBlock attention = gqa(c, bias, bias, QkNorm.PER_HEAD, false);
        DenseMlp mlp = new DenseMlp(c.positive("intermediate_size"), MlpKind.SWIGLU, false);
        IntFunction<AttentionSpan> span = qwenSpans(c, layers);
        return new Built(layers(layers, i -> new LayerSpec(attention, span.apply(i), mlp, 2)), false);
    }

    /**
     * Qwen2-MoE (modeling_qwen2_moe.py: q, k, v with bias; shared_expert and shared_expert_gate) and Qwen3-MoE
     * (modeling_qwen3_moe.py: q_norm, k_norm; no shared expert). Layer i is sparse unless listed in mlp_only_layers,
     * when (i + 1) % decoder_sparse_step == 0 (class defaults: [] and 1); dense layers use intermediate_size.
     */
    private static Built qwenMoe(ConfigFields c, String type) {
        int layers = c.positive("num_hidden_layers");
        boolean qwen3 = type.equals("qwen3_moe");
        boolean bias = c.flagOr("attention_bias", false);
        AttentionBlock attention = qwen3 ? gqa(c, bias, bias, QkNorm.PER_HEAD, false)
                : gqa(c, c.flagOr("qkv_bias", true), false, QkNorm.NONE, false);
        int shared = qwen3 ? 0 : c.positive("shared_expert_intermediate_size");
        MixtureOfExperts moe = new MixtureOfExperts(c.positive("num_experts"), c.positive("num_experts_per_tok"),
                c.positive("moe_intermediate_size"), shared, !qwen3, false, false);
        List<Integer> denseOnly = c.intsOrNull("mlp_only_layers");
        int step = c.positiveOr("decoder_sparse_step", 1);
        IntFunction<AttentionSpan> span = qwenSpans(c, layers);
        return new Built(layers(layers, i -> {
            boolean sparse = (denseOnly == null || !denseOnly.contains(i)) && (i + 1) % step == 0;
            FeedForward ffn = sparse ? moe : new DenseMlp(c.positive("intermediate_size"), MlpKind.SWIGLU, false);
            return new LayerSpec(attention, span.apply(i), ffn, 2);
        }), false);
    }

    /**
     * DeepSeek-V3 (modeling_deepseek_v3.py): multi-head latent attention in every layer; the first
     * first_k_dense_replace layers have a dense MLP of intermediate_size, the rest DeepseekV3MoE (n_routed_experts of
     * moe_intermediate_size, shared_experts of moe_intermediate_size x n_shared_experts). num_nextn_predict_layers
     * multi-token-prediction modules (the report's section 2.2; the Hub config's key), each a MoE layer.
     */
    private static Built deepseekV3(ConfigFields c) {
        int layers = c.positive("num_hidden_layers");
        int qLora = c.has("q_lora_rank") ? c.positive("q_lora_rank") : 0;
        LatentAttention mla = new LatentAttention(c.positive("num_attention_heads"), qLora, c.positive("kv_lora_rank"),
                c.positive("qk_nope_head_dim"), c.positive("qk_rope_head_dim"), c.positive("v_head_dim"),
                c.flagOr("attention_bias", false));
        int expertWidth = c.positive("moe_intermediate_size");
        MixtureOfExperts moe = new MixtureOfExperts(c.positive("n_routed_experts"), c.positive("num_experts_per_tok"),
                expertWidth, expertWidth * c.countOr("n_shared_experts", 1), false, false, false);
        int dense = c.countOr("first_k_dense_replace", 3);
        DenseMlp mlp = new DenseMlp(c.positive("intermediate_size"), MlpKind.SWIGLU, false);
        List<LayerSpec> all = layers(layers, i -> new LayerSpec(mla, AttentionSpan.full(), i >= dense ? moe : mlp, 2));
        int mtp = c.countOr("num_nextn_predict_layers", 0);
        return new Built(all, false, mtp == 0 ? null
                : new MultiTokenPrediction(mtp, new LayerSpec(mla, AttentionSpan.full(), moe, 2)));
    }

    /**
     * Gemma 2 (modeling_gemma2.py) and Gemma 3 (modeling_gemma3.py): head_dim set apart from the width, four norms
     * per layer (input, post-attention, pre- and post-feedforward), a GeGLU MLP of three matrices, the head tied to
     * the embedding (class default true). Gemma 3 adds q_norm and k_norm of head_dim. Sliding windows: Gemma 2's even
     * layers (is_sliding = not bool(layer_idx % 2)); Gemma 3's layers but every sliding_window_pattern-th
     * (class default 6: bool((i + 1) % pattern)).
     */
    private static Built gemma(ConfigFields c, String type) {
        int layers = c.positive("num_hidden_layers");
        boolean gemma3 = !type.equals("gemma2");
        boolean bias = c.flagOr("attention_bias", false);
        AttentionBlock attention = gqa(c, bias, bias, gemma3 ? QkNorm.PER_HEAD : QkNorm.NONE, false);
        DenseMlp mlp = new DenseMlp(c.positive("intermediate_size"), MlpKind.SWIGLU, false);
        int pattern = gemma3 ? c.positiveOr("sliding_window_pattern", 6) : 2;
        IntFunction<AttentionSpan> span = spans(c, layers, i -> (i + 1) % pattern != 0
                ? AttentionSpan.sliding(c.positive("sliding_window")) : AttentionSpan.full());
        return new Built(layers(layers, i -> new LayerSpec(attention, span.apply(i), mlp, 4)), true);
    }

    /**
     * Llama 4 (modeling_llama4.py): Llama4TextMoe on the layers in moe_layers (class default: every
     * interleave_moe_layer_step-th), with a router (C x E), num_local_experts experts of intermediate_size and a
     * shared_expert of intermediate_size; the other layers a Llama4TextMLP of intermediate_size_mlp. The qk norm is
     * an L2 norm without weights. Layers with RoPE (no_rope_layers[i] = 1; class default every layer but each
     * no_rope_layer_interval-th, 4) use chunked attention over attention_chunk_size tokens; the NoPE layers see all.
     */
    private static Built llama4(ConfigFields c) {
        int layers = c.positive("num_hidden_layers");
        boolean bias = c.flagOr("attention_bias", false);
        AttentionBlock attention = gqa(c, bias, bias, QkNorm.NONE, false);
        int expertWidth = c.positive("intermediate_size");
        MixtureOfExperts moe = new MixtureOfExperts(c.positive("num_local_experts"), c.positive("num_experts_per_tok"),
                expertWidth, expertWidth, false, false, false);
        List<Integer> moeLayers = c.intsOrNull("moe_layers");
        int step = c.positiveOr("interleave_moe_layer_step", 1);
        List<Integer> rope = c.intsOrNull("no_rope_layers");
        int interval = c.positiveOr("no_rope_layer_interval", 4);
        IntFunction<AttentionSpan> span = spans(c, layers, i -> {
            boolean usesRope = rope != null && !rope.isEmpty() ? rope.get(i) != 0 : (i + 1) % interval != 0;
            return usesRope && c.has("attention_chunk_size")
                    ? AttentionSpan.chunked(c.positive("attention_chunk_size")) : AttentionSpan.full();
        });
        return new Built(layers(layers, i -> {
            boolean sparse = moeLayers != null ? moeLayers.contains(i) : (i + 1) % step == 0;
            FeedForward ffn = sparse ? moe : new DenseMlp(c.positive("intermediate_size_mlp"), MlpKind.SWIGLU, false);
            return new LayerSpec(attention, span.apply(i), ffn, 2);
        }), false);
    }

    /**
     * gpt-oss (modeling_gpt_oss.py): q, k, v, o with bias (attention_bias, class default true), a sink logit per
     * head, a router with bias, num_local_experts experts of intermediate_size with biases, no shared expert; layers
     * alternate sliding (even) and full attention (class default layer_types).
     */
    private static Built gptOss(ConfigFields c) {
        int layers = c.positive("num_hidden_layers");
        boolean bias = c.flagOr("attention_bias", true);
        AttentionBlock attention = gqa(c, bias, bias, QkNorm.NONE, true);
        int perToken = c.has("num_experts_per_tok") ? c.positive("num_experts_per_tok")
                : c.positive("experts_per_token");
        MixtureOfExperts moe = new MixtureOfExperts(c.positive("num_local_experts"), perToken,
                c.positive("intermediate_size"), 0, false, true, true);
        IntFunction<AttentionSpan> span = spans(c, layers, i -> i % 2 == 0
                ? AttentionSpan.sliding(c.positive("sliding_window")) : AttentionSpan.full());
        return new Built(layers(layers, i -> new LayerSpec(attention, span.apply(i), moe, 2)), false);
    }

    /**
     * Phi-3 (modeling_phi3.py): a fused qkv_proj and gate_up_proj without biases, the same weights as Llama's
     * separate ones; every layer slides over sliding_window keys where the config sets one.
     */
    private static Built phi3(ConfigFields c) {
        int layers = c.positive("num_hidden_layers");
        AttentionBlock attention = gqa(c, false, false, QkNorm.NONE, false);
        DenseMlp mlp = new DenseMlp(c.positive("intermediate_size"), MlpKind.SWIGLU, false);
        AttentionSpan span = c.has("sliding_window") ? AttentionSpan.sliding(c.positive("sliding_window"))
                : AttentionSpan.full();
        return new Built(layers(layers, i -> new LayerSpec(attention, span, mlp, 2)), false);
    }

    /**
     * OLMo 2 (modeling_olmo2.py): q_norm over all query heads and k_norm over all key heads, post-norms after
     * attention and after the MLP (two per layer), no biases, untied head.
     */
    private static Built olmo2(ConfigFields c) {
        int layers = c.positive("num_hidden_layers");
        boolean bias = c.flagOr("attention_bias", false);
        AttentionBlock attention = gqa(c, bias, bias, QkNorm.FULL_WIDTH, false);
        DenseMlp mlp = new DenseMlp(c.positive("intermediate_size"), MlpKind.SWIGLU, false);
        return new Built(layers(layers, i -> new LayerSpec(attention, AttentionSpan.full(), mlp, 2)), false);
    }
}
