package dev.napkin.estimator.fit;

import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;

/**
 * The model family used when "the largest model that fits" must include activations, which depend on the shape
 * and not only on the parameter count: GPT-style blocks with width C = 128·L and heads of 128
 * (GPT-3's 175B has 12288 = 128 x 96; Brown et al. 2020, table 2.1), MLP 4C, rotary positions.
 */
final class ShapeFamily {
    static final int WIDTH_PER_LAYER = 128;
    static final int HEAD_SIZE = 128;

    private ShapeFamily() {
    }

    static Model withLayers(int layers, int vocab, int seq) {
        int width = WIDTH_PER_LAYER * layers;
        ModelShape shape = ModelShape.builder().layers(layers).dModel(width).heads(width / HEAD_SIZE)
                .ffnHidden(4 * width).vocab(vocab).context(seq).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM)
                .position(PositionKind.ROTARY).biases(false).tiedEmbeddings(false).build();
        return Model.ofShape("family-l" + layers, "GPT-style, " + layers + " layers x " + width, shape, false);
    }
}
