package dev.napkin.estimator.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.ExpertParallel;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** FLOPs and memory that follow each layer's kind, checked against hand counts from the formulas' sources. */
class LayoutFlopsAndMemoryTest {
    private static Model model(String id) {
        return HubPresets.builtIn().find(id).orElseThrow().model();
    }

    @Test // PaLM appendix B: 6N + 12·L·H·Q·T; gpt-oss-120b's 18 sliding layers see 128 keys, its 18 full layers T
    void slidingWindowLayersCountAttentionOverTheWindow() {
        Model m = model("openai/gpt-oss-120b");
        int t = 8192;
        double attention = 18 * 4.0 * 64 * 64 * 128 + 18 * 4.0 * 64 * 64 * t;
        double expected = 6 * m.activeParams() + 3 * attention;
        assertEquals(expected, FlopsFormula.PALM.perToken(m, t).model(), 1e-9 * expected);
    }

    @Test // MLA scores in d_qk = 128 + 64 and values in d_v = 128: 2·NH·(192 + 128)·T per layer forward
    void latentAttentionUsesItsOwnHeadWidths() {
        Model m = model("deepseek-ai/DeepSeek-V3");
        int t = 4096;
        double attention = 61 * 2.0 * 128 * (192 + 128) * t;
        assertEquals(6 * m.activeParams() + 3 * attention, FlopsFormula.PALM.perToken(m, t).model(), 1e3);
    }

    @Test // only the routed experts a token visits count: a mixture costs what its active weights cost
    void expertsATokenSkipsCostNoFlops() {
        Model m = model("Qwen/Qwen3-235B-A22B");
        double chinchilla = FlopsFormula.CHINCHILLA.perToken(m, 1).forward();
        // at T = 1 the per-op forward is 2 x the active matmul weights plus the embedding's 2·V·C and a few scores
        assertTrue(chinchilla < 2.1 * m.activeParams() && chinchilla > 1.9 * m.activeParams(), "" + chinchilla);
    }

    @Test // with no ZeRO, the routed experts' states are split EP ways and nothing else is
    void expertParallelSplitsOnlyTheRoutedExperts() {
        Model m = model("Qwen/Qwen3-30B-A3B");
        Parallelism p = new Parallelism(8, 8, 1, 1, 0, true);
        double whole = MemoryEstimate.of(m, Precision.BF16_MIXED, Optimizer.ADAMW, p, Optional.empty())
                .breakdown().weights();
        double split = MemoryEstimate.of(m, Precision.BF16_MIXED, Optimizer.ADAMW, p, Optional.empty(),
                new ExpertParallel(8)).breakdown().weights();
        double experts = ExpertParallel.routedExpertParams(m.shape().orElseThrow()) * 2;
        assertEquals(whole - experts * 7 / 8, split, 1);
        assertThrows(IllegalArgumentException.class, () -> MemoryEstimate.of(m, Precision.BF16_MIXED,
                Optimizer.ADAMW, p, Optional.empty(), new ExpertParallel(3)));
    }

    @Test // full recompute keeps one C-wide input per layer, whatever the layer's kind
    void fullRecomputeKeepsEachLayersInput() {
        Model m = model("google/gemma-3-27b-pt");
        ActivationSettings a = new ActivationSettings(1, 1024, Recompute.FULL, true, false);
        MemoryEstimate e = MemoryEstimate.of(m, Precision.BF16_MIXED, Optimizer.ADAMW, Parallelism.single(),
                Optional.of(a));
        double layers = 62.0 * 1024 * 5376 * 2;
        double outside = 2.0 * 1024 * 5376 * 2;
        assertEquals(layers + outside, e.breakdown().activations(), 1);
    }
}
