package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** napkin plan, mfu, and estimate's use of the planner, through the real command line. */
class PlanCommandTest {
    private static final List<String> PLAN_KEYS = List.of("tensor_parallel", "pipeline_parallel", "data_parallel",
            "context_parallel", "expert_parallel", "virtual_stages", "micro_batch", "zero", "recompute", "sequence_parallel",
            "step_seconds", "tokens_per_second", "tflops_per_gpu", "mfu", "hfu", "memory_per_gpu_bytes", "fits",
            "breakdown");

    @Test
    void planJsonHasTheKeysTheIssueLists() {
        Run run = Run.of("plan", "--model", "llama3-8b", "--gpus", "64", "--gpu", "h100-sxm", "--seq", "8192",
                "--global-batch", "128", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = run.json();
        for (String key : List.of("best", "plans", "searched", "search_seconds")) {
            assertTrue(json.has(key), key);
        }
        List<String> keys = new ArrayList<>();
        json.get("best").fieldNames().forEachRemaining(keys::add);
        assertEquals(PLAN_KEYS, keys);
        assertTrue(json.get("searched").asLong() > 100);
        assertEquals(json.get("best"), json.get("plans").get(0));
        assertTrue(json.get("best").get("fits").asBoolean());
    }

    @Test // --expert-parallel fixes EP; the all-to-all of each MoE layer is its own exposed line of the breakdown
    void aMixtureOfExpertsPlanNamesItsExpertParallelism() {
        Run run = Run.of("plan", "--model", "mixtral-8x7b", "--gpus", "64", "--gpu", "h100-sxm", "--seq", "4096",
                "--global-batch", "256", "--expert-parallel", "8", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        for (JsonNode p : run.json().get("plans")) {
            assertEquals(8, p.get("expert_parallel").asInt());
            JsonNode a2a = p.get("breakdown").get("expert_parallel");
            assertTrue(a2a.get("exposed_seconds").asDouble() > 0, a2a.toString());
        }
        Run text = Run.of("plan", "--model", "mixtral-8x7b", "--gpus", "64", "--gpu", "h100-sxm", "--seq", "4096",
                "--global-batch", "256", "--expert-parallel", "8");
        assertTrue(text.out().contains("EP all-to-all"), text.out());
        Run dense = Run.of("plan", "--model", "llama3-8b", "--gpus", "64", "--seq", "4096", "--global-batch", "256",
                "--expert-parallel", "2");
        assertEquals(2, dense.exitCode());
        assertEquals(1, dense.err().strip().lines().count(), dense.err());
    }

    @Test // layer layouts: the profiler walks them op by op, so the planner plans them
    void aLayoutModelProfilesAndPlans() {
        Run plan = Run.of("plan", "--model", "Qwen/Qwen3-8B", "--gpus", "64", "--gpu", "h100-sxm", "--seq", "4096",
                "--global-batch", "256", "--format", "json");
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.json().get("best").get("fits").asBoolean());
        Run profile = Run.of("profile", "--model", "openai/gpt-oss-20b", "--batch", "1", "--seq", "4096",
                "--format", "json");
        assertEquals(0, profile.exitCode(), profile.err());
        assertEquals(20_914_757_184L, profile.json().get("params").asLong());
        Run moe = Run.of("plan", "--model", "Qwen/Qwen3-30B-A3B", "--gpus", "64", "--gpu", "h100-sxm", "--seq", "4096",
                "--global-batch", "256", "--expert-parallel", "8", "--format", "json");
        assertEquals(0, moe.exitCode(), moe.err());
        assertEquals(8, moe.json().get("best").get("expert_parallel").asInt());
    }

    @Test
    void fixedDimensionsAreKept() {
        JsonNode json = Run.of("plan", "--model", "llama3-8b", "--gpus", "64", "--seq", "8192", "--global-batch",
                "128", "--tensor-parallel", "2", "--zero", "1", "--recompute", "full", "--no-sequence-parallel",
                "--format", "json").json();
        for (JsonNode p : json.get("plans")) {
            assertEquals(2, p.get("tensor_parallel").asInt());
            assertEquals(1, p.get("zero").asInt());
            assertEquals("full", p.get("recompute").asText());
            assertFalse(p.get("sequence_parallel").asBoolean());
            assertTrue(p.get("hfu").asDouble() > p.get("mfu").asDouble());
        }
    }

    @Test
    void everyDimensionFixedEvaluatesOneLayoutAndMarksItWhenItDoesNotFit() {
        JsonNode json = Run.of("plan", "--model", "llama3-70b", "--gpus", "8", "--seq", "8192", "--global-batch", "8",
                "--tensor-parallel", "8", "--pipeline-parallel", "1", "--data-parallel", "1", "--context-parallel", "1",
                "--virtual-stages", "1", "--micro-batch", "1", "--zero", "0", "--recompute", "none",
                "--sequence-parallel", "--format", "json").json();
        assertEquals(1, json.get("searched").asInt());
        assertFalse(json.get("best").get("fits").asBoolean());
    }

    @Test
    void anImpossibleFixedLayoutIsOneLineWithTheFix() {
        Run run = Run.of("plan", "--model", "llama3-8b", "--gpus", "64", "--seq", "8192", "--global-batch", "128",
                "--tensor-parallel", "8", "--pipeline-parallel", "2", "--data-parallel", "8", "--context-parallel", "1",
                "--virtual-stages", "1", "--micro-batch", "1", "--zero", "0", "--recompute", "none",
                "--sequence-parallel");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("not --gpus 64"), run.err());
    }

    @Test
    void batchInTokensMustBeWholeSequences() {
        Run run = Run.of("plan", "--model", "llama3-8b", "--gpus", "64", "--seq", "8192", "--global-batch-tokens", "1M");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("multiple of 8192"), run.err());
    }

    @Test
    void unknownClusterSuggestsOne() {
        Run run = Run.of("plan", "--model", "llama3-8b", "--gpus", "64", "--global-batch", "128", "--cluster", "dgx-h10");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("did you mean dgx-h100"), run.err());
    }

    @Test
    void helpTeachesWithExamples() {
        Run run = Run.of("plan", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("napkin plan --model llama3-70b --gpus 1024"), run.out());
    }

    @Test // Chowdhery et al. 2022, 4.1: PaLM 540B at 238.3K tokens/s on 6144 TPU v4 chips is 46.2% MFU (palm count)
    void mfuReproducesPalmsOwnFigure() {
        Run run = Run.of("mfu", "--model", "palm-540b", "--gpus", "6144", "--gpu", "tpu-v4", "--precision", "bf16",
                "--seq", "2048", "--tokens-per-second", "238.3e3", "--flops", "palm", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = run.json();
        assertEquals(0.462, json.get("mfu").asDouble(), 0.005);
        assertEquals(dev.napkin.estimator.flops.FlopsFormula.values().length, json.get("conventions").size());
        assertEquals("palm", json.get("flops").asText());
    }

    @Test // Narayanan et al. 2021 Table 1: 1T at 163 TFLOP/s per GPU (eq. 3, full recompute) = 52% of 312
    void mfuFromAchievedTflopsUnderTheMegatronCount() {
        JsonNode json = Run.of("mfu", "--model", "megatron-1t", "--gpus", "3072", "--gpu", "a100", "--seq", "2048",
                "--tflops-per-gpu", "163", "--flops", "megatron", "--recompute", "full", "--format", "json").json();
        assertEquals(163.0 / 312, json.get("hfu").asDouble(), 0.001);
        assertEquals(163.0 / 312 * 3 / 4, json.get("mfu").asDouble(), 0.01);
    }

    @Test
    void mfuNeedsExactlyOneMeasurement() {
        Run run = Run.of("mfu", "--model", "llama3-8b", "--gpus", "8", "--tokens-per-second", "1e5",
                "--step-seconds", "2");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("give one measurement"), run.err());
    }

    @Test
    void estimateTakesThePlannersMfuWithAShapeAndABatchAndSaysSo() {
        JsonNode json = Run.of("estimate", "--model", "llama3-8b", "--tokens", "1T", "--gpus", "64", "--seq", "8192",
                "--global-batch", "128", "--format", "json").json();
        assertFalse(json.get("mfu_assumed").asBoolean());
        assertTrue(json.get("notes").get(0).asText().contains("napkin plan's best layout"), json.toString());
        double planned = Run.of("plan", "--model", "llama3-8b", "--gpus", "64", "--seq", "8192", "--global-batch", "128",
                "--top", "1", "--format", "json").json().get("best").get("mfu").asDouble();
        assertEquals(planned, json.get("mfu").asDouble(), 1e-12);
    }
}
