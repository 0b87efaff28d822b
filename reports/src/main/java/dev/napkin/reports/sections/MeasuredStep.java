package dev.napkin.reports.sections;

import dev.napkin.gpu.ComputeDtype;
import dev.napkin.harness.results.ProbeResult;
import dev.napkin.profiler.Profile;
import dev.napkin.reports.harness.BatchSearchRun;

/**
 * A training step the harness timed, placed on a roofline: its FLOP/s and its arithmetic intensity. Both use the
 * profiler's count of the same step (B x T tokens), so the point is comparable with the predicted ones; the
 * harness's own FLOP count only enters through its MFU, in chart 1.
 *
 * @param backend       where it ran ({@code cpu}): not the GPU whose roofs the chart draws
 * @param dtype         the element type its bytes were counted in: the one it ran in (the result's precision)
 * @param peakFlopsPerS the peak of the machine it ran on, from the result file
 */
public record MeasuredStep(String backend, int batch, int seq, ComputeDtype dtype, double flopsPerS,
                           double arithmeticIntensity, double peakFlopsPerS, String source) {

    /**
     * FLOP/s = profiler FLOPs of the step x measured steps per second (tokens/s / (B x T)); intensity = profiler
     * FLOPs / profiler bytes moved, in {@code profile}'s dtype.
     */
    public static MeasuredStep of(BatchSearchRun run, ProbeResult probe, Profile profile) {
        if (!probe.fits() || profile.settings().batch() != probe.batch()
                || profile.settings().seq() != run.result().seq()) {
            throw new IllegalArgumentException("a measured step needs a probe that fit and a profile of its own batch"
                    + " and sequence");
        }
        double stepsPerS = probe.tokensPerS() / profile.settings().tokens();
        return new MeasuredStep(run.result().backend(), probe.batch(), run.result().seq(), profile.settings().dtype(),
                profile.flops() * stepsPerS, profile.flops() / profile.bytesMoved(), run.result().peakFlopsPerS(),
                run.source());
    }
}
