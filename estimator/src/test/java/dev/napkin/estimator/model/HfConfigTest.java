package dev.napkin.estimator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfConfigTest {
    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }

    @Test // openai-community/gpt2 config.json (abridged): n_inner null means 4 * n_embd
    void gpt2Config() throws IOException {
        Model m = HfConfig.read(write("""
                {"model_type": "gpt2", "n_layer": 12, "n_embd": 768, "n_head": 12, "n_inner": null,
                 "n_positions": 1024, "vocab_size": 50257, "resid_pdrop": 0.1, "attn_pdrop": 0.1,
                 "activation_function": "gelu_new"}"""));
        assertEquals(124_439_808L, (long) m.totalParams());
        assertTrue(m.trainingDropout());
    }

    @Test // meta-llama/Meta-Llama-3-8B config.json (abridged)
    void llamaConfig() throws IOException {
        Model m = HfConfig.read(write("""
                {"model_type": "llama", "num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32,
                 "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 128256,
                 "max_position_embeddings": 8192, "tie_word_embeddings": false, "rope_theta": 500000.0}"""));
        assertEquals(8_030_261_248L, (long) m.totalParams());
    }

    @Test // mistralai/Mixtral-8x7B-v0.1 config.json (abridged)
    void mixtralConfig() throws IOException {
        Model m = HfConfig.read(write("""
                {"model_type": "mixtral", "num_hidden_layers": 32, "hidden_size": 4096, "num_attention_heads": 32,
                 "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 32000,
                 "max_position_embeddings": 32768, "num_local_experts": 8, "num_experts_per_tok": 2}"""));
        assertEquals(46_702_792_704L, (long) m.totalParams());
        assertEquals(12_879_925_248L, (long) m.activeParams());
    }

    @Test // Qwen2 puts biases on Q, K and V: Qwen2-0.5B has 494,032,768 parameters (tied embeddings)
    void qwen2Config() throws IOException {
        Model m = HfConfig.read(write("""
                {"model_type": "qwen2", "num_hidden_layers": 24, "hidden_size": 896, "num_attention_heads": 14,
                 "num_key_value_heads": 2, "intermediate_size": 4864, "vocab_size": 151936,
                 "max_position_embeddings": 32768, "tie_word_embeddings": true}"""));
        assertEquals(494_032_768L, (long) m.totalParams());
    }

    @Test
    void unsupportedTypeMissingFieldAndMalformedJsonAreOneLine() throws IOException {
        String type = assertThrows(IllegalArgumentException.class,
                () -> HfConfig.read(write("{\"model_type\": \"t5\"}"))).getMessage();
        assertTrue(type.contains("model_type 't5'"), type);
        String bad = assertThrows(IllegalArgumentException.class,
                () -> HfConfig.read(write("{\"model_type\": \"llama\", \"hidden_size\": -64}"))).getMessage();
        assertTrue(bad.endsWith("field 'hidden_size' must be a positive whole number, got -64"), bad);
        String rate = assertThrows(IllegalArgumentException.class,
                () -> HfConfig.read(write("{\"model_type\": \"gpt2\", \"attn_pdrop\": 1.5}"))).getMessage();
        assertTrue(rate.endsWith("field 'attn_pdrop' must be a dropout rate in [0, 1), got 1.5"), rate);
        String malformed = assertThrows(IllegalArgumentException.class,
                () -> HfConfig.read(write("{\"model_type\": "))).getMessage();
        assertTrue(malformed.contains("config file") && !malformed.contains("\n"), malformed);
    }

    // A key the file omits means the class default (transformers' configuration_<type>.py), so a config with only
    // its model_type is the class's default model.

    @Test // GPT2Config(): n_layer 12, n_embd 768, n_head 12, n_positions 1024, vocab_size 50257, resid/attn/embd_pdrop
          // 0.1 (configuration_gpt2.py), the shape of openai-community/gpt2, 124,439,808 parameters (llm.c's README)
    void minimalGpt2IsGpt2ConfigsDefault() throws IOException {
        Model m = HfConfig.read(write("{\"model_type\": \"gpt2\"}"));
        assertEquals(124_439_808L, (long) m.totalParams());
        assertEquals(1024, m.shape().orElseThrow().context());
        assertEquals(Dropout.ALL, m.dropout());
    }

    @Test // LlamaConfig(): 32 x 4096, 32 heads, K/V heads = heads, intermediate 11008, vocab 32000, 2048 positions,
          // untied, attention_dropout 0.0 (configuration_llama.py): meta-llama/Llama-2-7b-hf, 6,738,415,616 parameters
    void minimalLlamaIsLlamaConfigsDefault() throws IOException {
        Model m = HfConfig.read(write("{\"model_type\": \"llama\"}"));
        assertEquals(6_738_415_616L, (long) m.totalParams());
        ModelShape s = m.shape().orElseThrow();
        assertEquals(32, s.kvHeads());
        assertEquals(2048, s.context());
        assertEquals(Dropout.NONE, m.dropout());
    }

    @Test // MistralConfig(): Llama's shape with intermediate 14336, 8 K/V heads, 4096 * 32 positions
          // (configuration_mistral.py): mistralai/Mistral-7B-v0.1, 7,241,732,096 parameters
    void minimalMistralIsMistralConfigsDefault() throws IOException {
        Model m = HfConfig.read(write("{\"model_type\": \"mistral\"}"));
        assertEquals(7_241_732_096L, (long) m.totalParams());
        assertEquals(8, m.shape().orElseThrow().kvHeads());
        assertEquals(131_072, m.shape().orElseThrow().context());
        // num_key_value_heads present as null: "if num_key_value_heads is None: num_key_value_heads = num_attention_heads"
        Model mha = HfConfig.read(write("{\"model_type\": \"mistral\", \"num_key_value_heads\": null}"));
        assertEquals(32, mha.shape().orElseThrow().kvHeads());
    }

    @Test // Qwen2Config(): vocab 151936, 32 x 4096, 32 heads and 32 K/V heads, intermediate 22016, 32768 positions,
          // untied (configuration_qwen2.py); Q, K, V biases (modeling_qwen2.py)
    void minimalQwen2IsQwen2ConfigsDefault() throws IOException {
        ModelShape s = HfConfig.read(write("{\"model_type\": \"qwen2\"}")).shape().orElseThrow();
        assertEquals(List.of(32, 4096, 32, 32, 128, 22016, 151936, 32768),
                List.of(s.layers(), s.dModel(), s.heads(), s.kvHeads(), s.headDim(), s.ffnHidden(), s.vocab(), s.context()));
        assertTrue(s.qkvBias() && !s.outBias() && !s.tiedEmbeddings());
    }

    @Test // MixtralConfig(): Mistral's shape with num_local_experts 8, num_experts_per_tok 2 (configuration_mixtral.py):
          // Mixtral 8x7B, 46,702,792,704 parameters, 12,879,925,248 active
    void minimalMixtralIsMixtralConfigsDefault() throws IOException {
        Model m = HfConfig.read(write("{\"model_type\": \"mixtral\"}"));
        assertEquals(46_702_792_704L, (long) m.totalParams());
        assertEquals(12_879_925_248L, (long) m.activeParams());
    }

    @Test // GPT-2 applies resid_pdrop, attn_pdrop and embd_pdrop each where modeling_gpt2.py puts them; Llama has
          // only attention_dropout on the probabilities (modeling_llama.py)
    void dropoutIsReadKindByKind() throws IOException {
        Model gpt2 = HfConfig.read(write("""
                {"model_type": "gpt2", "resid_pdrop": 0.1, "attn_pdrop": 0.0, "embd_pdrop": 0.1}"""));
        assertEquals(new Dropout(true, false, true), gpt2.dropout());
        Model llama = HfConfig.read(write("{\"model_type\": \"llama\", \"attention_dropout\": 0.1}"));
        assertEquals(new Dropout(false, true, false), llama.dropout());
    }
}
