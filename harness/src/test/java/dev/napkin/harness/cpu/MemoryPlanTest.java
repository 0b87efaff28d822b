package dev.napkin.harness.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.BufferKind;
import dev.napkin.harness.MemoryPlan;
import dev.napkin.harness.MemoryPrediction;
import dev.napkin.harness.OutOfMemoryException;
import dev.napkin.harness.TrainConfig;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The memory plan: what the JVM really allocates, the typed out-of-memory error, and the estimator's prediction. */
class MemoryPlanTest {
    private static final ModelShape SMALL = TinyModels.gpt2(4, 128, 4, 4096, 1024, true);

    @Test // the plan is not a second guess: the JVM's own allocation counter sees the same bytes (plus array headers)
    void theJvmAllocatesWhatThePlanSays() {
        try (CpuBackend backend = CpuBackend.open(TinyModels.config(SMALL, 2, 128, 2))) {
            long planned = backend.memoryPlan().totalBytes();
            long counted = backend.jvmAllocatedBytes();
            assertEquals(planned, counted, 0.01 * planned, "planned " + planned + ", JVM counted " + counted);
            assertEquals(16L * backend.layout().count, backend.memoryPlan().bytes(BufferKind.WEIGHTS)
                    + backend.memoryPlan().bytes(BufferKind.GRADIENTS) + backend.memoryPlan().bytes(BufferKind.OPTIMIZER_STATE));
        }
    }

    @Test
    void aPlanOverTheLimitFailsTypedBeforeAllocating() {
        TrainConfig config = TinyModels.config(SMALL, 4, 256, 2);
        long needed = CpuBackend.plan(config).totalBytes();
        TrainConfig tight = new TrainConfig("small", SMALL, 4, 256, 2, needed - 1, AdamWSettings.gpt2());
        OutOfMemoryException e = assertThrows(OutOfMemoryException.class, () -> CpuBackend.open(tight));
        assertEquals(needed, e.neededBytes());
        assertEquals(needed - 1, e.limitBytes());
        assertTrue(e.getMessage().startsWith("out of memory: the plan needs"), e.getMessage());
        TrainConfig exact = new TrainConfig("small", SMALL, 4, 256, 2, needed, AdamWSettings.gpt2());
        try (CpuBackend backend = CpuBackend.open(exact)) {
            assertEquals(needed, backend.peakBytes());
        }
    }

    @ParameterizedTest(name = "{0} B={1} T={2}")
    @CsvSource({"gpt2-small, 1, 256", "gpt2-small, 8, 256", "gpt2-small, 2, 1024", "small, 8, 256", "small, 1, 64",
            "gpt2-medium, 4, 512"})
    void theEstimatorPredictsThePlanWithinFivePercent(String model, int batch, int seq) {
        ModelShape shape = model.equals("small") ? SMALL : ModelPresets.builtIn().find(model).model().shape().orElseThrow();
        TrainConfig config = new TrainConfig(model, shape, batch, seq, 2, 1L << 40, AdamWSettings.gpt2());
        MemoryPlan plan = CpuBackend.plan(config);
        double predicted = MemoryPrediction.of(config).breakdown().total();
        double error = MemoryPrediction.relativeError(predicted, plan.totalBytes());
        System.out.printf(Locale.ROOT, "memory %s B=%d T=%d: plan %d bytes, predicted %.0f, error %+.3f%%%n", model,
                batch, seq, plan.totalBytes(), predicted, 100 * error);
        assertTrue(Math.abs(error) < 0.05, "error " + error);
        // per kind too: the estimator is right for the right reasons
        var b = MemoryPrediction.of(config).breakdown();
        assertEquals(plan.bytes(BufferKind.WEIGHTS), b.weights());
        assertEquals(plan.bytes(BufferKind.ACTIVATIONS), b.activations());
        assertEquals(plan.bytes(BufferKind.LOGITS), b.logits());
        // the workspace, the per-thread scratch included, to the byte
        assertEquals(plan.bytes(BufferKind.WORKSPACE), b.workspace() + b.fixedWorkspace());
        assertEquals(plan.totalBytes(), predicted);
    }

    @ParameterizedTest(name = "L{0} C{1} NH{2} V{3} T{4}, {5} threads")
    @CsvSource({"2, 64, 4, 512, 64, 2", "1, 16, 2, 64, 8, 1", "1, 16, 2, 64, 8, 4", "2, 64, 4, 512, 256, 3",
            "4, 128, 4, 4096, 128, 2", "3, 96, 6, 1000, 32, 2"})
    void theScratchPerThreadIsTheWorkersPlan(int layers, int width, int heads, int vocab, int seq, int threads) {
        ModelShape shape = TinyModels.gpt2(layers, width, heads, vocab, Math.max(seq, 64), true);
        TrainConfig config = new TrainConfig("tiny", shape, 1, seq, threads, 1L << 40, AdamWSettings.gpt2());
        MemoryPlan plan = CpuBackend.plan(config);
        long planned = plan.buffers().stream().filter(x -> x.name().equals("worker.scratch"))
                .mapToLong(MemoryPlan.Buffer::bytes).sum();
        assertEquals(threads * WorkerScratch.bytes(seq, shape.headDim()), planned);
        assertEquals(planned, MemoryPrediction.of(config).breakdown().fixedWorkspace());
    }

    /**
     * The largest batch whose real plan fits in {@code limit}: the batch search's answer, found from the plans alone
     * (the search opens the same plan and is refused exactly when it is above the limit).
     */
    private static int largestFittingBatch(TrainConfig config, long limit) {
        int lo = 0;
        int hi = 1;
        while (CpuBackend.plan(config.withBatch(hi)).totalBytes() <= limit) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (CpuBackend.plan(config.withBatch(mid)).totalBytes() <= limit) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @ParameterizedTest(name = "L{0} C{1} NH{2} V{3} T{4}, {5} threads")
    @CsvSource({"2, 64, 4, 512, 64, 2", "2, 64, 4, 512, 64, 1", "1, 16, 2, 64, 8, 2", "4, 128, 4, 4096, 256, 2",
            "3, 96, 6, 1000, 32, 4"})
    void thePredictedLargestBatchIsTheMeasuredOneAtEveryLimit(int layers, int width, int heads, int vocab, int seq,
                                                              int threads) {
        ModelShape shape = TinyModels.gpt2(layers, width, heads, vocab, Math.max(seq, 64), true);
        TrainConfig config = new TrainConfig("tiny", shape, 1, seq, threads, 1L << 40, AdamWSettings.gpt2());
        long states = CpuBackend.plan(config).totalBytes();
        // limits from just above one sequence's plan to 256 MiB, on a grid that also hits exact plan sizes
        for (long limit : new long[] {states, states + 1, 1L << 20, 3L << 20, 1L << 24, 100_000_000L, 1L << 28}) {
            int measured = largestFittingBatch(config, limit);
            int predicted = MemoryPrediction.maxBatch(config, limit);
            assertEquals(measured, predicted, "limit " + limit);
            if (measured > 0) {
                long plan = CpuBackend.plan(config.withBatch(measured)).totalBytes();
                double error = MemoryPrediction.relativeError(MemoryPrediction.of(config.withBatch(measured))
                        .breakdown().total(), plan);
                assertTrue(Math.abs(error) <= 0.005, "plan " + plan + " bytes, error " + error);
            }
        }
    }
}
