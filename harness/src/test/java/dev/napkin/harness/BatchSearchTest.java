package dev.napkin.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The search against a fake backend whose memory need is a known line in the batch: the answer is exact. */
class BatchSearchTest {
    private static final ModelShape SHAPE = ModelShape.builder().layers(1).dModel(8).heads(2).ffnHidden(32).vocab(16)
            .context(8).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED).biases(true)
            .tiedEmbeddings(true).build();
    /** Fixed bytes plus bytes per sequence: batch b fits iff FIXED + b·PER <= limit. */
    private static final long FIXED = 1000;
    private static final long PER = 100;

    private final List<Integer> opened = new ArrayList<>();
    private int open;

    private BackendFactory fake() {
        return config -> {
            long needed = FIXED + PER * config.batch();
            if (needed > config.memoryLimitBytes()) {
                throw new OutOfMemoryException(needed, config.memoryLimitBytes(), "the memory limit", "");
            }
            opened.add(config.batch());
            open++;
            return new Backend() {
                @Override
                public String name() {
                    return "fake";
                }

                @Override
                public void init(long seed) {
                }

                @Override
                public float step(TokenBatch batch) {
                    return 1f;
                }

                @Override
                public MemoryPlan memoryPlan() {
                    return new MemoryPlan(List.of(new MemoryPlan.Buffer("all", BufferKind.WORKSPACE, needed, 1)));
                }

                @Override
                public void close() {
                    open--;
                }
            };
        };
    }

    private BatchSearch.Result search(long limitBytes, int maxBatch, List<Probe> seen) {
        TrainConfig template = new TrainConfig("fake", SHAPE, 1, 4, 1, limitBytes, AdamWSettings.gpt2());
        return BatchSearch.search(fake(), template, maxBatch, 1,
                (backend, batch) -> StepTiming.run(backend, batch, 4, 16, 0, 1, 1), seen::add);
    }

    @ParameterizedTest(name = "fits up to {0}, max batch {1}")
    @CsvSource({"1, 4096", "2, 4096", "3, 4096", "37, 4096", "64, 4096", "1000, 4096", "4096, 4096", "5000, 4096",
            "100, 64", "100, 100", "100, 101", "100, 99"})
    void findsExactlyTheLargestBatchThatFits(int largest, int maxBatch) {
        List<Probe> seen = new ArrayList<>();
        BatchSearch.Result r = search(FIXED + PER * largest, maxBatch, seen);
        int expected = Math.min(largest, maxBatch);
        assertEquals(expected, r.maxBatch());
        assertEquals(seen, r.probes(), "every probe reported as it finished, in order");
        assertEquals(0, open, "every fitting probe's backend closed");
        assertTrue(r.probes().stream().noneMatch(p -> p.batch() > maxBatch), "never above --max-batch");
        assertTrue(r.probes().stream().anyMatch(p -> p.batch() == expected && p.fits()), "the answer was measured");
        if (expected < maxBatch) {
            assertTrue(r.probes().stream().anyMatch(p -> p.batch() == expected + 1 && !p.fits()),
                    "one more was tried and did not fit");
        }
        // doubling then bisection: about 2·log2(answer) probes, against 12 for bisection from 4096 down
        assertTrue(r.probes().size() <= 2 * (32 - Integer.numberOfLeadingZeros(expected)) + 1, r.probes().toString());
    }

    @Test
    void probesDoubleThenBisect() {
        List<Probe> seen = new ArrayList<>();
        search(FIXED + PER * 37, 4096, seen);
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 48, 40, 36, 38, 37), seen.stream().map(Probe::batch).toList());
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 36, 37), opened, "out-of-memory probes never opened a backend");
        Probe oom = seen.get(6);
        assertFalse(oom.fits());
        assertEquals(FIXED + PER * 64, oom.peakBytes(), "a failed probe reports what it would have needed");
        assertTrue(oom.timing().isEmpty());
    }

    @Test
    void nothingFitsIsZero() {
        List<Probe> seen = new ArrayList<>();
        assertEquals(0, search(FIXED + PER - 1, 4096, seen).maxBatch());
        assertEquals(1, seen.size());
    }
}
