package dev.napkin.estimator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ParameterCountTest {
    private static long total(String preset) {
        return (long) ModelPresets.builtIn().find(preset).model().totalParams();
    }

    // Hugging Face gpt2: biases on, tied head (Raschka's GPTModel with qkv_bias=True, as his chapter 5 loads OpenAI's
    // weights)
    @Test
    void gpt2SmallWithBiasesAndTiedHead() {
        assertEquals(124_439_808L, total("gpt2-small"));
    }

    @Test // Raschka's GPT_CONFIG_124M (chapter 4) with qkv_bias=False still has out_proj and MLP biases
    void gpt2SmallWithoutQkvBias() {
        ModelShape s = ModelShape.builder().layers(12).dModel(768).heads(12).ffnHidden(3072).vocab(50257)
                .context(1024).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
                .qkvBias(false).outBias(true).mlpBias(true).tiedEmbeddings(true).build();
        assertEquals(124_412_160L, ParameterCount.of(s).total());
    }

    @Test // Hugging Face model sizes of the released checkpoints (rotary inv_freq buffers excluded)
    void llamaAndMistralFamiliesMatchTheReleasedCheckpoints() {
        assertEquals(6_738_415_616L, total("llama2-7b"));
        assertEquals(13_015_864_320L, total("llama2-13b"));
        assertEquals(68_976_648_192L, total("llama2-70b"));
        assertEquals(8_030_261_248L, total("llama3-8b"));
        assertEquals(70_553_706_496L, total("llama3-70b"));
        assertEquals(405_853_388_800L, total("llama3-405b"));
        assertEquals(7_241_732_096L, total("mistral-7b"));
    }

    @Test // Mixtral announcement: 46.7B total, 12.9B active per token (paper abstract: 47B / 13B)
    void mixtralCountsAllExpertsForMemoryAndTwoForCompute() {
        Model mixtral = ModelPresets.builtIn().find("mixtral-8x7b").model();
        assertEquals(46_702_792_704L, (long) mixtral.totalParams());
        assertEquals(12_879_925_248L, (long) mixtral.activeParams());
    }

    @Test // GPT-3 table D.1 uses 174,600M parameters; PaLM table 1: 540.35B; Megatron-LM table 1: 1008.0B (eq. 2)
    void publishedCountsOfTheLargeGpts() {
        assertEquals(174_600e6, total("gpt3-175b"), 0.0005 * 174_600e6);
        assertEquals(540.35e9, total("palm-540b"), 0.0001 * 540.35e9);
        assertEquals(1008.0e9, total("megatron-1t"), 0.0001 * 1008.0e9);
    }

    @Test // Hoffmann et al. 2022 call it 70B: 13·L·d² (Transformer-XL relative positions) + V·d = 70.06B
    void chinchillaAddsUpWithRelativePositions() {
        assertEquals(70.06e9, total("chinchilla-70b"), 0.01e9);
    }

    @Test
    void tensorListAgreesWithTheCountForEveryPreset() {
        for (ModelPresets.Preset p : ModelPresets.builtIn().all()) {
            ModelShape shape = p.model().shape().orElseThrow();
            long elements = ParameterTensors.of(shape).stream().mapToLong(ParameterTensors.Tensor::elements).sum();
            assertEquals(ParameterCount.of(shape).total(), elements, p.model().id());
        }
    }

    @Test // Kaplan et al. 2020, N excludes embeddings: GPT-2 small has 85,056,000 non-embedding parameters
    void nonEmbeddingCount() {
        ParameterCount c = ModelPresets.builtIn().find("gpt2-small").model().parameterCount().orElseThrow();
        assertEquals(124_439_808L - 50257L * 768 - 1024L * 768, c.nonEmbedding());
    }
}
