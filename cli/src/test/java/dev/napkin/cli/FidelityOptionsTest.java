package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs read as the ecosystem reads them, and the FLOPs and memory conventions, through the real command line. */
class FidelityOptionsTest {
    private static JsonNode json(String... args) {
        Run run = Run.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return run.json();
    }

    private static void refused(String expectedStart, String... args) {
        Run run = Run.of(args);
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains(expectedStart), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test // GPT2Config's dropouts default to 0.1 (configuration_gpt2.py): a minimal config is --model gpt2-small
    void aMinimalGpt2ConfigIsTheClassDefault(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"model_type\": \"gpt2\"}");
        JsonNode fromConfig = json("memory", "--config", config.toString(), "--batch", "8", "--seq", "1024",
                "--format", "json");
        JsonNode preset = json("memory", "--model", "gpt2-small", "--batch", "8", "--seq", "1024", "--format", "json");
        assertEquals(preset.get("total_bytes").asDouble(), fromConfig.get("total_bytes").asDouble());
    }

    @Test // PaLM table 1: the 8B model, 32 layers x 4096, 16 heads of 256 (multi-query), shared embeddings: 8.63B
    void palm8bWithTiedEmbeddings() {
        String[] shape = {"--layers", "32", "--d-model", "4096", "--heads", "16", "--kv-heads", "1", "--ffn-hidden",
                "16384", "--vocab", "256000", "--mlp", "swiglu", "--context", "2048"};
        JsonNode tied = json(concat(new String[] {"memory", "--tied-embeddings", "--format", "json"}, shape));
        assertEquals(8.63e9, tied.get("model").get("params").asDouble(), 0.005e9);
        JsonNode untied = json(concat(new String[] {"memory", "--untied-embeddings", "--format", "json"}, shape));
        assertEquals(256_000.0 * 4096, untied.get("model").get("params").asDouble()
                - tied.get("model").get("params").asDouble());
        refused("--tied-embeddings goes with an explicit shape", "memory", "--model", "llama3-8b", "--tied-embeddings");
    }

    @Test // llm.c's gpt2_estimate_mfu: 6 * 124439808 + 6 * 12 * 768 * 1024 = 803,261,952 per token at T = 1024
    void causalFlopsOfGpt2Small() {
        JsonNode e = json("estimate", "--model", "gpt2-small", "--tokens", "1B", "--flops", "causal", "--format", "json");
        assertEquals(803_261_952, e.get("flops_per_token").asDouble(), 0.5);
        assertEquals("causal", e.get("formula").asText());
    }

    @Test // Korthikanti et al. 2022, section 5: selective recompute adds 2.7% for GPT-3 under eq. 8; the output says so
    void megatronSelectiveRecomputeSaysWhichCountIsUsed() {
        JsonNode e = json("estimate", "--model", "gpt3-175b", "--tokens", "300B", "--flops", "megatron", "--recompute",
                "selective", "--format", "json");
        assertEquals(0.027, e.get("hardware_flops_per_token").asDouble() / e.get("flops_per_token").asDouble() - 1,
                0.0005);
        assertTrue(e.get("notes").toString().contains("eq. 8"), e.get("notes").toString());
    }

    @Test // CS336 lecture 2 (2025): 2 + 2 + (4 + 4) = 12 bytes per parameter, 8 x 80e9 / 12 = 5.33e10 parameters
    void lecturesTwelveBytesPerParameter() {
        for (String[] layout : new String[][] {{"--precision", "bf16-fp32-state"}, {"--bytes-per-param", "12"}}) {
            JsonNode fit = json(concat(new String[] {"fit", "--gpus", "8", "--gpu", "h100-sxm", "--memory-per-gpu",
                    "80GB", "--format", "json"}, layout));
            assertEquals(5.33e10, fit.get("max_params").asDouble(), 0.005e10);
        }
        JsonNode memory = json("memory", "--params", "53.3B", "--bytes-per-param", "12", "--format", "json");
        assertEquals(53.3e9 * 12, memory.get("total_bytes").asDouble(), 1);
    }

    @Test // Mixtral 8x7B without a shape (Jiang et al. 2024): 46.7B in memory, 12.9B in each token's FLOPs
    void mixtureOfExpertsByItsCounts() {
        JsonNode e = json("estimate", "--params", "46.7B", "--active-params", "12.9B", "--tokens", "1T", "--format",
                "json");
        assertEquals(6 * 12.9e9, e.get("flops_per_token").asDouble(), 1);
        JsonNode m = json("memory", "--params", "46.7B", "--active-params", "12.9B", "--format", "json");
        assertEquals(46.7e9 * 16, m.get("total_bytes").asDouble(), 1e3);
        refused("--active-params goes with --params", "estimate", "--model", "llama3-8b", "--active-params", "1B",
                "--tokens", "1T");
    }

    @Test // one rule for --seq above the context: refused for GPT-2's learned table, noted for Llama's rotary positions
    void sequenceAboveTheContextIsOneRuleEverywhere() {
        String learned = "--seq 2048 is above gpt2-small's context 1024 (its learned position embedding has 1024 rows)";
        refused(learned, "estimate", "--model", "gpt2-small", "--seq", "2048", "--tokens", "1B");
        refused(learned, "memory", "--model", "gpt2-small", "--batch", "1", "--seq", "2048");
        refused(learned, "fit", "--model", "gpt2-small", "--gpu", "a100", "--seq", "2048");
        refused(learned, "profile", "--model", "gpt2-small", "--seq", "2048");
        JsonNode rotary = json("memory", "--model", "llama3-8b", "--batch", "1", "--seq", "16384", "--format", "json");
        assertTrue(rotary.get("notes").toString().contains("longer than llama3-8b's context 8192: rotary"),
                rotary.get("notes").toString());
        JsonNode estimate = json("estimate", "--model", "llama3-8b", "--seq", "16384", "--tokens", "1B", "--format",
                "json");
        assertTrue(estimate.get("notes").toString().contains("rotary"), estimate.get("notes").toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
