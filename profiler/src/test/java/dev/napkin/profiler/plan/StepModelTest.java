package dev.napkin.profiler.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.cluster.ClusterCatalog;
import dev.napkin.estimator.cluster.Collective;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.gpu.GpuCatalog;
import org.junit.jupiter.api.Test;

class StepModelTest {
    static TrainingJob llama70b(int gpus, int batch) {
        return TrainingJob.builder().model(ModelPresets.builtIn().find("llama3-70b").model()).seq(8192).globalBatch(batch).gpus(gpus)
                .gpu(GpuCatalog.builtIn().find("h100-sxm")).cluster(ClusterCatalog.builtIn().find("dgx-h100"))
                .build();
    }

    static Layout.Builder layout() {
        return Layout.builder().tensorParallel(8).pipelineParallel(4).dataParallel(32).microBatch(1)
                .recompute(Recompute.SELECTIVE).sequenceParallel(true).zero(1);
    }

    @Test // Narayanan et al. 2021 section 2.2: the 1F1B bubble is (p−1)/m of the ideal time, (p−1)/(v·m) interleaved
    void bubbleIsPMinusOneOverVTimesM() {
        StepModel model = new StepModel(llama70b(1024, 512));
        for (int v : new int[] {1, 2, 4}) {
            Prediction p = model.predict(layout().virtualStages(v).build());
            StepBreakdown b = p.breakdown();
            double perMicro = b.computeSeconds() + b.tensorParallel().exposedSeconds()
                    + b.contextParallel().exposedSeconds();
            int m = model.microBatches(p.layout());
            assertEquals(16, m);
            assertEquals(3.0 / (v * m), b.bubbleSeconds() / perMicro, 1e-9);
        }
    }

    @Test // Shoeybi et al. 2019: 4 all-reduces of b·s·h per layer per micro-batch (2 forward, 2 backward)
    void tensorParallelTrafficIsFourAllReducesPerLayer() {
        TrainingJob job = llama70b(1024, 512);
        Prediction p = new StepModel(job).predict(layout().build());
        double bytes = 8192.0 * 8192 * 2;
        double perLayer = 4 * job.cluster().seconds(Collective.ALL_REDUCE, bytes, 8, 1);
        assertEquals(80 / 4 * 16 * perLayer, p.breakdown().tensorParallel().seconds(), 1e-9);
        // full recompute repeats the forward's two
        Prediction full = new StepModel(job).predict(layout().recompute(Recompute.FULL).build());
        assertEquals(1.5 * p.breakdown().tensorParallel().seconds(), full.breakdown().tensorParallel().seconds(),
                1e-9);
    }

    @Test
    void stepIsTheSumOfItsParts() {
        Prediction p = new StepModel(llama70b(1024, 512)).predict(layout().build());
        StepBreakdown b = p.breakdown();
        assertEquals(p.stepSeconds(), b.computeSeconds() + b.exposedCommunicationSeconds() + b.bubbleSeconds()
                + b.optimizerSeconds(), 1e-12);
        assertEquals(512.0 * 8192 / p.stepSeconds(), p.tokensPerSecond(), 1e-6);
        assertTrue(p.mfu() > 0.2 && p.mfu() < 0.8, "MFU " + p.mfu());
    }

    @Test
    void recomputeCostsTimeAndSavesMemory() {
        StepModel model = new StepModel(llama70b(1024, 512));
        Prediction none = model.predict(layout().recompute(Recompute.NONE).build());
        Prediction full = model.predict(layout().recompute(Recompute.FULL).build());
        assertTrue(full.stepSeconds() > none.stepSeconds());
        assertTrue(full.memory().activations() < none.memory().activations());
        assertTrue(full.hfu() > full.mfu());
        assertEquals(none.hfu(), none.mfu(), 1e-12);
    }

    @Test
    void constraintsNameTheValueAndTheFix() {
        StepModel model = new StepModel(llama70b(1024, 512));
        assertNull(model.whyInvalid(layout().build()));
        String product = model.whyInvalid(layout().dataParallel(16).build());
        assertTrue(product.contains("not --gpus 1024"), product);
        String layers = model.whyInvalid(layout().pipelineParallel(128).dataParallel(1).build());
        assertTrue(layers.contains("more than the 80 layers"), layers);
        String chunks = model.whyInvalid(layout().virtualStages(3).build());
        assertTrue(chunks.contains("--virtual-stages 3"), chunks);
        String batch = model.whyInvalid(layout().microBatch(3).build());
        assertTrue(batch.contains("--global-batch 512"), batch);
        assertNotNull(model.whyInvalid(layout().tensorParallel(3).dataParallel(1).build()));
    }

    @Test // Llama 3 (Dubey et al. 2024, 3.3.2): a layer fewer on the first and last stages when PP does not divide
    void unevenStagesGiveTheExtraLayersToTheMiddle() {
        assertArrayEquals(new int[] {7, 8, 8, 7}, StageLayers.split(30, 4));
        assertArrayEquals(new int[] {8, 8, 8, 8}, StageLayers.split(32, 4));
        assertArrayEquals(new int[] {1, 1}, StageLayers.split(2, 2));
        StepModel model = new StepModel(llama70b(1024, 512));
        Layout uneven = layout().pipelineParallel(8).dataParallel(16).build(); // 80 layers on 8 stages: even
        assertNull(model.whyInvalid(uneven));
    }

    @Test
    void aLayoutThatDoesNotFitIsMarked() {
        Prediction p = new StepModel(llama70b(8, 8)).predict(Layout.builder().tensorParallel(8).microBatch(1)
                .dataParallel(1).build());
        assertFalse(p.fits(), "70B with no sharding of its optimizer state on 8 GPUs cannot fit");
    }

    @Test
    void searchHonoursFixedDimensionsAndKeepsOnlyWhatFits() {
        StepModel model = new StepModel(llama70b(1024, 512));
        PlanSearch.Result all = PlanSearch.run(model, LayoutSpace.all(), 5);
        assertTrue(all.searched() > 1000, "searched " + all.searched());
        assertTrue(all.best().stream().allMatch(Prediction::fits));
        for (int i = 1; i < all.best().size(); i++) {
            assertTrue(all.best().get(i - 1).tokensPerSecond() >= all.best().get(i).tokensPerSecond());
        }
        PlanSearch.Result fixed = PlanSearch.run(model, LayoutSpace.builder().tensorParallel(4).zero(1).build(), 5);
        assertTrue(fixed.best().stream().allMatch(p -> p.layout().tensorParallel() == 4 && p.layout().zero() == 1));
        PlanSearch.Result one = PlanSearch.run(model, LayoutSpace.of(layout().build()), 5);
        assertEquals(1, one.searched());
    }
}
