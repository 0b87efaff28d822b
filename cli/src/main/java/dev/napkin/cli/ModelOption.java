package dev.napkin.cli;

import dev.napkin.estimator.hub.HubModels;
import dev.napkin.estimator.hub.HubSettings;
import dev.napkin.estimator.model.HfConfig;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Mixin: the model, as exactly one of a bare parameter count, a preset, a Hugging Face config.json, or an explicit
 * shape ({@code --layers --d-model --heads --vocab}, GPT-2's or with the Llama-style variants). Commands that take
 * fewer ways use {@link ShapeModelOption} (no bare count) or {@link Gpt2ModelOption} (GPT-2 only), built from the
 * same parts, so that their help lists only what they take.
 */
final class ModelOption {
    @Mixin
    Count count;

    @Mixin
    Source source;

    @Mixin
    Gpt2Shape shape;

    @Mixin
    FfnHidden ffn;

    @Mixin
    Variants variants;

    boolean given() {
        return count.params != null || source.preset != null || source.config != null || shape.layers != null;
    }

    /** The model, or a one-line error when none or more than one way was used. */
    Model resolve() {
        return ModelOption.resolve(count, new Named(source.preset, source.online, source.config), shape, ffn, variants);
    }

    /** {@code --params}, {@code --active-params}: a bare count, for the formulas that need no shape. */
    static final class Count {
        @Option(names = "--params", paramLabel = "COUNT", converter = Converters.Params.class,
                description = "Parameter count such as 70B, 1.5T or 124e6 (no shape: 6·P·T only).")
        Double params;

        @Option(names = "--active-params", paramLabel = "COUNT",
                converter = Converters.Params.class,
                description = "With --params: the parameters each token passes through (a mixture of experts, e.g. 46.7B with 12.9B).")
        Double activeParams;
    }

    /** {@code --model}, {@code --online}, {@code --config}: a model by name or by its Hugging Face config. */
    static final class Source {
        @Option(names = "--model", paramLabel = "PRESET|ORG/NAME",
                description = "A preset (`napkin models` lists them), e.g. llama3-70b, or a Hugging Face id, e.g. Qwen/Qwen3-8B: "
                        + "the bundled table, then the Hugging Face cache, then (with --online) the Hub.")
        String preset;

        @Option(names = "--online", description = "With --model ORG/NAME: download config.json from the Hub (HF_ENDPOINT, "
                + "HF_TOKEN) when it is neither bundled nor cached; NAPKIN_ONLINE=1 does the same.")
        boolean online;

        @Option(names = "--config", paramLabel = "FILE",
                description = "A Hugging Face config.json (gpt2, llama, mistral, qwen2, mixtral).")
        Path config;
    }

    /** {@code --layers --d-model --heads --vocab --context}: an explicit shape, GPT-2's unless {@link Variants} say. */
    static final class Gpt2Shape {
        @Option(names = "--layers", paramLabel = "L", description = "Explicit shape: number of layers.")
        Integer layers;

        @Option(names = "--d-model", paramLabel = "C", description = "Explicit shape: model width.")
        Integer dModel;

        @Option(names = "--heads", paramLabel = "NH", description = "Explicit shape: attention heads (must divide --d-model).")
        Integer heads;

        @Option(names = "--vocab", paramLabel = "V", description = "Explicit shape: vocabulary size.")
        Integer vocab;

        @Option(names = "--context", paramLabel = "T", description = "Explicit shape: longest sequence (default 1024).")
        Integer context;
    }

    /** {@code --ffn-hidden}: an explicit shape's MLP width, which GPT-2-style models may change too. */
    static final class FfnHidden {
        @Option(names = "--ffn-hidden", paramLabel = "F", description = "Explicit shape: MLP hidden width (default 4 x C).")
        Integer ffnHidden;
    }

    /** {@code --kv-heads}, {@code --mlp}, embeddings tied or not: an explicit shape that need not be GPT-2's. */
    static final class Variants {
        @Option(names = "--kv-heads", paramLabel = "KV", description = "Explicit shape: K/V heads (default: --heads).")
        Integer kvHeads;

        @Option(names = "--mlp", paramLabel = "KIND", converter = Choices.Mlps.class,
                description = "Explicit shape: gelu (GPT-2, default) or swiglu.")
        MlpKind mlp;

        @Option(names = "--tied-embeddings",
                description = "Explicit shape: the output head shares the token embedding (the default for gelu).")
        boolean tied;

        @Option(names = "--untied-embeddings",
                description = "Explicit shape: the output head is its own V x C matrix (the default for swiglu).")
        boolean untied;
    }

    /** A model by name: {@code --model} (with {@code --online}) or {@code --config}. */
    record Named(String preset, boolean online, Path config) {
    }

    /**
     * The model from the parts a command takes: {@code count} null where the command takes no bare count,
     * {@code variants} null where it takes GPT-2 shapes only.
     */
    static Model resolve(Count count, Named named, Gpt2Shape shape, FfnHidden ffn, Variants variants) {
        Double params = count == null ? null : count.params;
        Double activeParams = count == null ? null : count.activeParams;
        String preset = named.preset();
        Path config = named.config();
        Integer layers = shape.layers;
        Integer kvHeads = variants == null ? null : variants.kvHeads;
        Integer ffnHidden = ffn.ffnHidden;
        MlpKind mlp = variants == null ? null : variants.mlp;
        boolean tied = variants != null && variants.tied;
        boolean untied = variants != null && variants.untied;
        List<String> used = new ArrayList<>();
        if (params != null) {
            used.add("--params");
        }
        if (preset != null) {
            used.add("--model");
        }
        if (config != null) {
            used.add("--config");
        }
        if (layers != null) {
            used.add("--layers");
        }
        if (used.isEmpty()) {
            throw new IllegalArgumentException("no model given; use " + (count == null ? "" : "--params 70B, ")
                    + "--model gpt2-small, --config config.json, or --layers/--d-model/--heads/--vocab");
        }
        if (used.size() > 1) {
            throw new IllegalArgumentException("give one model, not " + String.join(" and ", used));
        }
        if (activeParams != null && params == null) {
            throw new IllegalArgumentException("--active-params goes with --params (a shape counts its own active "
                    + "parameters); e.g. --params 46.7B --active-params 12.9B");
        }
        if (tied && untied) {
            throw new IllegalArgumentException("give --tied-embeddings or --untied-embeddings, not both");
        }
        if ((tied || untied) && layers == null) {
            throw new IllegalArgumentException("--" + (tied ? "" : "un") + "tied-embeddings goes with an explicit "
                    + "shape (--layers ...); presets and configs say their own");
        }
        if (layers == null) {
            // the shape flags describe a shape of their own; with another model they would be silently ignored
            List<String> shapeFlags = new ArrayList<>();
            addIf(shapeFlags, shape.dModel, "--d-model");
            addIf(shapeFlags, shape.heads, "--heads");
            addIf(shapeFlags, kvHeads, "--kv-heads");
            addIf(shapeFlags, ffnHidden, "--ffn-hidden");
            addIf(shapeFlags, shape.vocab, "--vocab");
            addIf(shapeFlags, shape.context, "--context");
            addIf(shapeFlags, mlp, "--mlp");
            if (!shapeFlags.isEmpty()) {
                throw new IllegalArgumentException(shapeFlags.getFirst() + " is part of an explicit shape (--layers "
                        + "--d-model --heads --vocab) and does nothing with " + used.getFirst() + "; drop "
                        + String.join(" and ", shapeFlags) + ", or give the whole shape instead of " + used.getFirst());
            }
        }
        if (params != null) {
            return activeParams == null ? Model.ofParams(params) : Model.ofParams(params, activeParams);
        }
        if (preset != null) {
            if (HubModels.looksLikeHubId(preset)) {
                return HubModels.resolve(preset, HubSettings.fromEnvironment(System.getenv(), named.online()));
            }
            try {
                return ModelPresets.builtIn().find(preset).model();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "; or give --config config.json"
                        + (count == null ? "" : " or --params 70B"), e);
            }
        }
        if (config != null) {
            return HfConfig.read(config);
        }
        return explicitShape(shape, kvHeads, ffnHidden, mlp, tied, untied);
    }

    private static void addIf(List<String> flags, Object value, String flag) {
        if (value != null) {
            flags.add(flag);
        }
    }

    private static Model explicitShape(Gpt2Shape shape, Integer kvHeads, Integer ffnHidden, MlpKind mlp, boolean tied,
                                       boolean untied) {
        Integer layers = shape.layers;
        Integer dModel = shape.dModel;
        Integer heads = shape.heads;
        Integer vocab = shape.vocab;
        Integer context = shape.context;
        if (dModel == null || heads == null || vocab == null) {
            throw new IllegalArgumentException("--layers needs --d-model, --heads and --vocab too");
        }
        Options.range(layers, "--layers", 1, ModelShape.MAX_LAYERS);
        Options.range(dModel, "--d-model", 1, ModelShape.MAX_WIDTH);
        Options.range(heads, "--heads", 1, ModelShape.MAX_HEADS);
        Options.range(kvHeads, "--kv-heads", 1, ModelShape.MAX_HEADS);
        Options.range(ffnHidden, "--ffn-hidden", 1, ModelShape.MAX_WIDTH);
        Options.range(vocab, "--vocab", 1, ModelShape.MAX_VOCAB);
        Options.range(context, "--context", 1, ModelShape.MAX_CONTEXT);
        MlpKind kind = mlp == null ? MlpKind.GELU : mlp;
        boolean gpt2 = kind == MlpKind.GELU;
        ModelShape s = ModelShape.builder().layers(layers).dModel(dModel).heads(heads)
                .kvHeads(kvHeads == null ? heads : kvHeads).ffnHidden(ffnHidden == null ? 4 * dModel : ffnHidden)
                .vocab(vocab).context(context == null ? 1024 : context).mlp(kind)
                .norm(gpt2 ? NormKind.LAYERNORM : NormKind.RMSNORM)
                .position(gpt2 ? PositionKind.LEARNED : PositionKind.ROTARY).biases(gpt2)
                .tiedEmbeddings(tied || (gpt2 && !untied)).build();
        String id = "l" + layers + "-c" + dModel + "-nh" + heads + "-v" + vocab;
        return Model.ofShape(id, (gpt2 ? "GPT-2-style" : "Llama-style") + " model " + id, s, false);
    }
}
