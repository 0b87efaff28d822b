package dev.napkin.harness.results;

import dev.napkin.harness.MemoryPrediction;
import dev.napkin.harness.Probe;
import dev.napkin.harness.StepTiming;
import dev.napkin.harness.TrainConfig;

/**
 * One probe of a bench run, as its results file holds it. The timing figures are null when it did not fit.
 *
 * @param peakBytes          the memory plan's total: what it held, or what it would have needed
 * @param predictedPeakBytes the estimator's bytes for this batch
 * @param memoryError        (predicted - measured) / measured
 * @param stepSeconds        the median timed step
 * @param achievedFlopsPerS  tokens/s x model FLOPs per token
 * @param lossFirst          the first step's loss, warm-up included
 * @param failure            why it did not fit (the out-of-memory message); null when it fit
 */
public record ProbeResult(int batch, boolean fits, Double tokensPerS, Double mfu, long peakBytes,
                          double predictedPeakBytes, double memoryError, Double stepSeconds, Double achievedFlopsPerS,
                          Float lossFirst, Float lossLast, String failure) {
    public ProbeResult {
        if (batch < 1) {
            throw new IllegalArgumentException("probe batch " + batch + " is not a batch size (must be at least 1)");
        }
        if (peakBytes < 0) {
            throw new IllegalArgumentException("probe at batch " + batch + " has peak_bytes " + peakBytes
                    + " (must be at least 0)");
        }
        if (fits) {
            if (tokensPerS == null || mfu == null || stepSeconds == null || achievedFlopsPerS == null) {
                throw new IllegalArgumentException("probe at batch " + batch + " fits but has no tokens_per_s, mfu, "
                        + "step_seconds or achieved_flops_per_s");
            }
            nonNegative(tokensPerS, "tokens_per_s", batch);
            nonNegative(mfu, "mfu", batch);
            nonNegative(stepSeconds, "step_seconds", batch);
            nonNegative(achievedFlopsPerS, "achieved_flops_per_s", batch);
        } else if (tokensPerS != null || mfu != null) {
            throw new IllegalArgumentException("probe at batch " + batch + " did not fit but has tokens_per_s or mfu");
        }
    }

    /** The row for {@code p} of a CPU run: the hand-written CPU trainer's prediction beside what it held. */
    public static ProbeResult of(Probe p, TrainConfig template, double flopsPerToken, double peakFlopsPerS) {
        return of(p, MemoryPrediction.of(template.withBatch(p.batch())).breakdown().total(), flopsPerToken,
                peakFlopsPerS);
    }

    /** The row for {@code p}: its timing turned into tokens/s and MFU, and the estimator's bytes beside its own. */
    public static ProbeResult of(Probe p, double predicted, double flopsPerToken, double peakFlopsPerS) {
        double error = MemoryPrediction.relativeError(predicted, p.peakBytes());
        if (p.timing().isEmpty()) {
            return new ProbeResult(p.batch(), false, null, null, p.peakBytes(), predicted, error, null, null, null,
                    null, p.failure());
        }
        StepTiming t = p.timing().get();
        return new ProbeResult(p.batch(), true, t.tokensPerSecond(), t.mfu(flopsPerToken, peakFlopsPerS),
                p.peakBytes(), predicted, error, t.medianSeconds(), t.achievedFlopsPerSecond(flopsPerToken),
                t.firstLoss(), t.lastLoss(), null);
    }

    private static void nonNegative(double value, String key, int batch) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("probe at batch " + batch + " has " + key + " " + value
                    + " (must be a finite number, at least 0)");
        }
    }
}
