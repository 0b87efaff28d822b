package dev.napkin.estimator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelShapeTest {
    @Test
    void headsThatDoNotDivideTheWidthAreRefusedWithAFix() {
        ModelShape.Builder shape = gpt2Style().layers(12).dModel(768).heads(10).ffnHidden(3072).vocab(50257)
                .context(1024);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, shape::build);
        assertEquals("d_model 768 is not divisible by heads 10; pick heads that divide it (e.g. 8)", e.getMessage());
    }

    @Test
    void kvHeadsMustDivideHeads() {
        ModelShape.Builder shape = tiny().kvHeads(3).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM)
                .position(PositionKind.LEARNED).biases(false).tiedEmbeddings(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, shape::build);
        assertTrue(e.getMessage().startsWith("heads 4 is not a multiple of kv_heads 3"), e.getMessage());
    }

    @Test
    void zeroLayersAndTooManyActiveExpertsAreRefused() {
        ModelShape.Builder zeroLayers = tiny().layers(0).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM)
                .position(PositionKind.LEARNED).biases(false).tiedEmbeddings(true);
        assertThrows(IllegalArgumentException.class, zeroLayers::build);
        ModelShape.Builder tooManyActive = tiny().mlp(MlpKind.SWIGLU).norm(NormKind.RMSNORM)
                .position(PositionKind.ROTARY).biases(false).tiedEmbeddings(false).experts(2).expertsPerToken(3);
        assertThrows(IllegalArgumentException.class, tooManyActive::build);
    }

    @Test
    void aFieldLeftUnsetIsNamed() {
        ModelShape.Builder noBiases = tiny().mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
                .tiedEmbeddings(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, noBiases::build);
        assertEquals("ModelShape.Builder: qkvBias is not set", e.getMessage());
    }

    @Test
    void kvHeadsAndHeadSizeDefaultToMultiHeadAttentionAndACopyIsEqual() {
        ModelShape s = tiny().mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED).biases(true)
                .tiedEmbeddings(true).build();
        assertEquals(4, s.kvHeads());
        assertEquals(16, s.headDim());
        assertEquals(1, s.experts());
        assertEquals(1, s.expertsPerToken());
        assertEquals(s, s.toBuilder().build());
        assertEquals(3, s.toBuilder().layers(3).build().layers());
    }

    @Test
    void unknownPresetSuggestsTheClosest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelPresets.builtIn().find("gpt2-smal"));
        assertTrue(e.getMessage().startsWith("unknown model 'gpt2-smal'; did you mean gpt2-small?"), e.getMessage());
    }

    @Test
    void bareCountHasNoShapeAndSaysHowToGiveOne() {
        Model m = Model.ofParams(70e9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.requireShape("the PaLM formula"));
        assertTrue(e.getMessage().contains("give --model PRESET or --config config.json"), e.getMessage());
    }

    /** GELU MLP, LayerNorm, learned positions, every bias, tied embeddings: the rest of the shape to be set. */
    private static ModelShape.Builder gpt2Style() {
        return ModelShape.builder().mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
                .biases(true).tiedEmbeddings(true);
    }

    /** L 2, C 64, NH 4, F 256, V 100, T 16: the kinds, biases and embeddings to be set. */
    private static ModelShape.Builder tiny() {
        return ModelShape.builder().layers(2).dModel(64).heads(4).ffnHidden(256).vocab(100).context(16);
    }
}
