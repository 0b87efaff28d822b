package dev.napkin.cli;

import dev.napkin.estimator.model.Model;
import dev.napkin.harness.Gpt2Shapes;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Mixin: a GPT-2-style model, what the harness trains ({@code bench}): a GPT-2 preset or Hugging Face GPT-2
 * config, or an explicit shape of GELU MLP, LayerNorm, learned positions and tied embeddings ({@link Gpt2Shapes}).
 */
final class Gpt2ModelOption {
    @Option(names = "--model", paramLabel = "PRESET|ORG/NAME",
            description = {"A GPT-2 preset: gpt2-small, gpt2-medium, gpt2-large or gpt2-xl; or the Hugging",
                    "Face id of a GPT-2 model, e.g. openai-community/gpt2 (bundled, cached, or --online)."})
    String preset;

    @Option(names = "--online", description = "With --model ORG/NAME: download config.json from the Hub (HF_ENDPOINT, "
            + "HF_TOKEN) when it is neither bundled nor cached; NAPKIN_ONLINE=1 does the same.")
    boolean online;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A Hugging Face config.json of a GPT-2 model (model_type gpt2).")
    Path config;

    @Mixin
    ModelOption.Gpt2Shape shape;

    @Mixin
    ModelOption.FfnHidden ffn;

    /** The model, or a one-line error when none or more than one way was used. */
    Model resolve() {
        return ModelOption.resolve(null, new ModelOption.Named(preset, online, config), shape, ffn, null);
    }
}
