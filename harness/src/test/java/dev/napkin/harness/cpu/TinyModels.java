package dev.napkin.harness.cpu;

import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.TrainConfig;

/** Small GPT-2 shapes for the tests. */
final class TinyModels {
    private TinyModels() {
    }

    static ModelShape gpt2(int layers, int c, int heads, int vocab, int context, boolean qkvBias) {
        return ModelShape.builder().layers(layers).dModel(c).heads(heads).ffnHidden(4 * c).vocab(vocab)
                .context(context).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
                .qkvBias(qkvBias).outBias(true).mlpBias(true).tiedEmbeddings(true).build();
    }

    static TrainConfig config(ModelShape shape, int batch, int seq, int threads) {
        return new TrainConfig("tiny", shape, batch, seq, threads, 1L << 40, AdamWSettings.gpt2());
    }
}
