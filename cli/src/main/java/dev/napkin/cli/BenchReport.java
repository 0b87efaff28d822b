package dev.napkin.cli;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.napkin.estimator.units.Si;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.BenchResultJson;
import dev.napkin.harness.results.ProbeResult;
import java.util.Locale;

/**
 * {@code napkin bench}'s output: the run's {@link BenchResult}, the same record its results file holds. JSON is
 * the results file's text ({@link BenchResultJson}), CSV one row per probe, the table below.
 */
record BenchReport(@JsonValue BenchResult result) implements Report {
    BenchReport {
        if (result == null) {
            throw new IllegalArgumentException("a bench report needs a result");
        }
    }

    @Override
    public String json() {
        return BenchResultJson.write(result);
    }

    @Override
    public String csvRowsField() {
        return "probes";
    }

    /** The line printed as a probe finishes. */
    static String progressLine(ProbeResult p) {
        String memory = Si.bytes(p.peakBytes()) + " (predicted " + Si.bytes(p.predictedPeakBytes()) + ", "
                + percent(p.memoryError()) + ")";
        if (!p.fits()) {
            return String.format(Locale.ROOT, "batch %d: out of memory, needs %s", p.batch(), memory);
        }
        return String.format(Locale.ROOT, "batch %d: fits, %s tokens/s, MFU %s, peak memory %s", p.batch(),
                Si.fixed(p.tokensPerS(), 1), Si.fixed(100 * p.mfu(), 1) + "%", memory);
    }

    @Override
    public String table() {
        BenchResult r = result;
        Lines lines = new Lines("napkin bench: " + r.model().description() + " on " + r.backend() + " ("
                + r.device() + "), fp32, AdamW, seq " + r.seq());
        TextTable t = new TextTable("batch", "fits", "tokens/s", "step s", "achieved", "MFU", "peak memory",
                "predicted", "error", "loss");
        for (ProbeResult p : r.probes()) {
            t.add(p.batch(), p.fits() ? "yes" : "OOM", p.fits() ? Si.fixed(p.tokensPerS(), 1) : null,
                    p.fits() ? Si.fixed(p.stepSeconds(), 3) : null,
                    p.fits() ? Si.prefixed(p.achievedFlopsPerS(), "FLOP/s") : null,
                    p.fits() ? Si.fixed(100 * p.mfu(), 1) + "%" : null, Si.bytes(p.peakBytes()),
                    Si.bytes(p.predictedPeakBytes()), percent(p.memoryError()),
                    p.fits() ? Si.fixed(p.lossFirst(), 3) + " -> " + Si.fixed(p.lossLast(), 3) : null);
        }
        StringBuilder sb = new StringBuilder(lines.toString());
        for (String line : t.toString().split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
        Lines summary = new Lines("");
        if (r.batchSearch()) {
            summary.row("largest batch", (r.maxBatch() == 0 ? "none fits" : r.maxBatch() + " measured") + ", "
                    + r.predictedMaxBatch() + " predicted by the estimator (within " + Si.bytes(r.memoryLimitBytes())
                    + ")");
        }
        summary.row("memory limit", Si.bytes(r.memoryLimitBytes()) + " (" + r.memoryLimitSource() + ")");
        summary.row("FLOPs per token", Si.sci(r.flopsPerToken()) + " model FLOPs (" + r.flopsFormula() + ": "
                + r.flopsFormulaSource() + ")");
        summary.row("peak", Si.prefixed(r.peakFlopsPerS(), "FLOP/s") + " fp32 (" + r.peakSource() + ")");
        summary.row("MFU", "tokens/s x FLOPs per token / peak (PaLM, Chowdhery et al. 2022, appendix B)");
        summary.row("steps", r.warmup() + " warm-up, then " + r.steps() + " timed; tokens/s from the median step");
        summary.row("results", String.join(", ", r.files()));
        r.notes().forEach(summary::note);
        // Lines puts a title line first; ours is empty
        return sb.append(summary.toString().substring(1)).toString();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.2f%%", 100 * fraction);
    }
}
