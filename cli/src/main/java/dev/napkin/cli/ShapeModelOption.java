package dev.napkin.cli;

import dev.napkin.estimator.model.Model;
import picocli.CommandLine.Mixin;

/**
 * Mixin: a model with a shape, for commands that walk its layers ({@code profile}): a preset, a Hugging Face
 * config.json or an explicit shape, but no bare {@code --params} count.
 */
final class ShapeModelOption {
    @Mixin
    ModelOption.Source source;

    @Mixin
    ModelOption.Gpt2Shape shape;

    @Mixin
    ModelOption.FfnHidden ffn;

    @Mixin
    ModelOption.Variants variants;

    /** The model, or a one-line error when none or more than one way was used. */
    Model resolve() {
        return ModelOption.resolve(null, new ModelOption.Named(source.preset, source.online, source.config), shape,
                ffn, variants);
    }
}
