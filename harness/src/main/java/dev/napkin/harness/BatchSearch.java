package dev.napkin.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The largest batch that fits, found by out-of-memory probes as Raschka's flops-analysis notebook finds it
 * (LLMs-from-scratch, ch04/02_performance-analysis, which bisects 1 to 4096), but from below: grow the batch 1, 2, 4,
 * ... until a probe runs out of memory (or {@code maxBatch} is reached), then bisect between the last batch that fit
 * and the first that did not. Each probe opens a backend (which plans and allocates its memory), runs the timed
 * steps, and closes it before the next probe; an out-of-memory probe has allocated nothing. Memory need grows with
 * the batch, so the answer is exact: it fits, and one more does not (or it is {@code maxBatch}).
 */
public final class BatchSearch {
    /** What a probe of a fitting batch runs: usually {@link StepTiming#run}. */
    @FunctionalInterface
    public interface Measure {
        StepTiming run(Backend backend, int batch);
    }

    /** Every probe in the order it ran, and the largest batch that fit (0: not even one sequence). */
    public record Result(List<Probe> probes, int maxBatch) {
        public Result {
            probes = List.copyOf(probes);
        }
    }

    private BatchSearch() {
    }

    /**
     * Searches batches 1 .. {@code maxBatch} of {@code template}; {@code onProbe} sees each probe as it finishes
     * (to print progress and append to the results file).
     */
    public static Result search(BackendFactory factory, TrainConfig template, int maxBatch, long seed, Measure measure,
                                Consumer<Probe> onProbe) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--max-batch must be at least 1, got " + maxBatch);
        }
        List<Probe> probes = new ArrayList<>();
        int fit = 0;
        int failed = -1;
        for (int batch = 1; ; batch = (int) Math.min(2L * batch, maxBatch)) {
            Probe p = probe(factory, template.withBatch(batch), seed, measure);
            probes.add(p);
            onProbe.accept(p);
            if (!p.fits()) {
                failed = batch;
                break;
            }
            fit = batch;
            if (batch == maxBatch) {
                break;
            }
        }
        while (failed > 0 && failed - fit > 1) {
            int mid = fit + (failed - fit) / 2;
            Probe p = probe(factory, template.withBatch(mid), seed, measure);
            probes.add(p);
            onProbe.accept(p);
            if (p.fits()) {
                fit = mid;
            } else {
                failed = mid;
            }
        }
        return new Result(probes, fit);
    }

    /** One batch: open (or fail for memory), initialise from the seed, measure, close. */
    public static Probe probe(BackendFactory factory, TrainConfig config, long seed, Measure measure) {
        try (Backend backend = factory.open(config)) {
            backend.init(seed);
            StepTiming timing = measure.run(backend, config.batch());
            return Probe.fit(config.batch(), backend.peakBytes(), timing);
        } catch (OutOfMemoryException e) {
            return Probe.outOfMemory(config.batch(), e);
        }
    }
}
