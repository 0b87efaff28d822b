package dev.napkin.profiler.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.cluster.ClusterCatalog;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.ExpertParallel;
import dev.napkin.estimator.memory.MemoryBreakdown;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.gpu.GpuCatalog;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expert parallelism in the planner: the all-to-all of each MoE layer, the experts' memory, the search. */
class ExpertParallelPlanTest {
    private static final Model MIXTRAL = ModelPresets.builtIn().find("mixtral-8x7b").model();

    private static TrainingJob mixtral(int gpus, int batch) {
        return TrainingJob.builder().model(MIXTRAL).seq(4096).globalBatch(batch).gpus(gpus)
                .gpu(GpuCatalog.builtIn().find("h100-sxm")).cluster(ClusterCatalog.builtIn().find("dgx-h100"))
                .build();
    }

    private static Layout.Builder dataParallel64() {
        return Layout.builder().tensorParallel(1).pipelineParallel(1).dataParallel(64).microBatch(1).zero(1)
                .recompute(Recompute.NONE);
    }

    /*
     * Mixtral 8x7B (32 MoE layers, C 4096, 2 experts per token), micro-batch 1 x 4096 tokens, bf16: each GPU sends
     * S = 4096 x 2 x 4096 x 2 B = 67,108,864 B per all-to-all. EP 8 with TP = CP = 1 spans ranks 0-7, one DGX H100:
     * NVLink at 450e9 x 0.822 = 369.9e9 B/s, 1 µs a hop. One all-to-all (nccl-tests: busbw = algbw (n−1)/n) is
     * 7/8 x 67,108,864 / 369.9e9 + 7 x 1e-6 = 158.746 µs + 7 µs = 165.746 µs; a layer has 4 (dispatch and combine,
     * forward and backward); 32 layers; 256 / 64 = 4 micro-batches: 4 x 32 x 4 x 165.746 µs = 84.862 ms.
     */
    @Test
    void allToAllInsideANodeMatchesTheHandDerivation() {
        StepModel model = new StepModel(mixtral(64, 256));
        Layout l = dataParallel64().expertParallel(8).build();
        double one = 7.0 / 8 * 67_108_864 / 369.9e9 + 7e-6;
        assertEquals(165.746e-6, one, 1e-9);
        assertEquals(4 * one, model.allToAllPerMoeLayer(l), 1e-12);
        CommTime a2a = model.predict(l).breakdown().expertParallel();
        assertEquals(84.862e-3, a2a.seconds(), 1e-6);
        assertEquals(a2a.seconds(), a2a.exposedSeconds(), 0);
        // full recompute sends the forward's two again
        Layout full = dataParallel64().expertParallel(8).recompute(Recompute.FULL).build();
        assertEquals(6 * one, model.allToAllPerMoeLayer(full), 1e-12);
    }

    /*
     * DeepSeek-V3's DualPipe (its report, section 3.2.1) runs one micro-batch's all-to-alls under another's compute:
     * the 84.862 ms above hide behind a stage's forward and backward (seconds, not microseconds, for Mixtral's
     * layers), and the step is shorter by exactly what was exposed.
     */
    @Test
    void dualPipeHidesTheAllToAllsBehindCompute() {
        Layout l = dataParallel64().expertParallel(8).build();
        StepBreakdown plain = new StepModel(mixtral(64, 256)).predict(l).breakdown();
        TrainingJob dualPipe = TrainingJob.builder().model(MIXTRAL).seq(4096).globalBatch(256).gpus(64)
                .gpu(GpuCatalog.builtIn().find("h100-sxm")).cluster(ClusterCatalog.builtIn().find("dgx-h100"))
                .overlapAllToAll(true).build();
        StepBreakdown hidden = new StepModel(dualPipe).predict(l).breakdown();
        assertEquals(84.862e-3, hidden.expertParallel().seconds(), 1e-6);
        assertEquals(0, hidden.expertParallel().exposedSeconds());
        assertTrue(hidden.forwardSeconds() + hidden.backwardSeconds() > hidden.expertParallel().seconds());
        assertEquals(plain.stepSeconds() - 84.862e-3, hidden.stepSeconds(), 1e-6);
        // one micro-batch per pipeline (global batch 64 over DP 64) has no partner to hide behind
        TrainingJob single = TrainingJob.builder().model(MIXTRAL).seq(4096).globalBatch(64).gpus(64)
                .gpu(GpuCatalog.builtIn().find("h100-sxm")).cluster(ClusterCatalog.builtIn().find("dgx-h100"))
                .overlapAllToAll(true).build();
        CommTime alone = new StepModel(single).predict(l).breakdown().expertParallel();
        assertEquals(alone.seconds(), alone.exposedSeconds(), 0);
    }

    /*
     * TP 2 with sequence parallelism: each rank routes half the tokens, S = 33,554,432 B. EP 8 ranks lie TP = 2
     * apart and span 16 GPUs, two nodes: every GPU's traffic leaves by its NDR NIC, 50e9 x 0.9 = 45e9 B/s, 2 µs a
     * hop: 7/8 x 33,554,432 / 45e9 + 7 x 2e-6 = 652.447 µs + 14 µs = 666.447 µs per all-to-all. EP 4 spans 8 GPUs,
     * one node: 3/4 x 33,554,432 / 369.9e9 + 3 x 1e-6 = 68.034 µs + 3 µs = 71.034 µs.
     */
    @Test
    void allToAllAcrossNodesRunsOnTheNic() {
        StepModel model = new StepModel(mixtral(64, 256));
        assertEquals(0, model.allToAllPerMoeLayer(dataParallel64().build()));
        Layout.Builder tp = Layout.builder().tensorParallel(2).dataParallel(32).microBatch(1).sequenceParallel(true);
        double nic = 7.0 / 8 * 33_554_432 / 45e9 + 7 * 2e-6;
        assertEquals(666.447e-6, nic, 1e-9);
        assertEquals(4 * nic, model.allToAllPerMoeLayer(tp.expertParallel(8).build()), 1e-12);
        double nvlink = 3.0 / 4 * 33_554_432 / 369.9e9 + 3 * 1e-6;
        assertEquals(71.034e-6, nvlink, 1e-9);
        assertEquals(4 * nvlink, model.allToAllPerMoeLayer(tp.expertParallel(4).build()), 1e-12);
    }

    /*
     * Mixtral's routed experts: 32 layers x 8 experts x 3 x 4096 x 14,336 = 45,097,156,608 of 46,702,792,704
     * parameters; with EP 8 each GPU holds 1,605,636,096 + 45,097,156,608 / 8 = 7,242,780,672 weights, 2 bytes each.
     */
    @Test
    void expertParallelSplitsTheExpertsWeightsAsTheMemoryCommandDoes() {
        TrainingJob job = mixtral(64, 256);
        StepModel model = new StepModel(job);
        Layout l = dataParallel64().expertParallel(8).build();
        MemoryBreakdown plan = model.predict(l).memory();
        assertEquals(45_097_156_608.0, ExpertParallel.routedExpertParams(MIXTRAL.shape().orElseThrow()), 0);
        assertEquals(7_242_780_672.0 * 2, plan.weights(), 1);
        MemoryEstimate memory = MemoryEstimate.of(MIXTRAL, Precision.BF16_MIXED, Optimizer.ADAMW,
                new Parallelism(64, 64, 1, 1, 1, false),
                Optional.of(new ActivationSettings(1, 4096, Recompute.NONE, true, false)), new ExpertParallel(8));
        assertEquals(memory.breakdown().total(), plan.total(), 1);
        MemoryBreakdown none = model.predict(dataParallel64().build()).memory();
        assertEquals(46_702_792_704.0 * 2, none.weights(), 1);
        assertTrue(plan.total() < none.total());
    }

    @Test
    void theSearchTriesExpertParallelismAndHonoursAFixedOne() {
        StepModel model = new StepModel(mixtral(64, 256));
        PlanSearch.Result fixed = PlanSearch.run(model, LayoutSpace.builder().expertParallel(8).build(), 5);
        assertTrue(fixed.searched() > 0);
        for (Prediction p : fixed.best()) {
            assertEquals(8, p.layout().expertParallel());
            assertTrue(p.breakdown().expertParallel().exposedSeconds() > 0);
        }
        PlanSearch.Result all = PlanSearch.run(model, LayoutSpace.all(), 5);
        assertTrue(all.searched() > fixed.searched());
        assertTrue(all.best().getFirst().fits());
    }

    @Test
    void constraintsNameTheValueAndTheFix() {
        StepModel model = new StepModel(mixtral(64, 256));
        assertNull(model.whyInvalid(dataParallel64().expertParallel(8).build()));
        String experts = model.whyInvalid(dataParallel64().expertParallel(16).build());
        assertTrue(experts.contains("does not divide the 8 experts"), experts);
        String sp = model.whyInvalid(Layout.builder().tensorParallel(2).dataParallel(32).build());
        assertTrue(sp.contains("--sequence-parallel"), sp);
        StepModel dense = new StepModel(StepModelTest.llama70b(64, 256));
        String why = dense.whyInvalidExpertParallel(2);
        assertTrue(why.contains("needs a mixture-of-experts model"), why);
        assertThrows(IllegalArgumentException.class, () -> dataParallel64().expertParallel(3).build());
    }
}
