package dev.napkin.reports.sections;

import dev.napkin.harness.results.ProbeResult;
import dev.napkin.reports.Section;
import dev.napkin.reports.TidyTable;
import dev.napkin.reports.harness.BatchSearchRun;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Chart 1 and its tables: measured batch searches from the harness. */
public final class BatchSearchSection {
    /** The section's anchor on the page. */
    public static final String ID = "batch-search";
    static final String TITLE = "1. Batch search (measured)";
    static final String SUMMARY = "Each probe of the harness's batch search ran training steps at one batch size "
            + "and measured tokens/s; MFU is tokens/s x flops_per_token / peak_flops_per_s, with the harness's own "
            + "FLOP count and peak (model FLOPs utilisation as Chowdhery et al. 2022, section 4.1, define it). The "
            + "dashed line is the largest batch that fit the memory limit; the dotted line the estimator's largest "
            + "batch for the same limit ((memory - model states) / activation bytes per sequence; activations per "
            + "Korthikanti et al. 2022).";

    private BatchSearchSection() {
    }

    /** One figure per run, one table of probes and one of runs. */
    public static Section of(List<BatchSearchRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a batch-search section needs at least one measured run");
        }
        return new Section(ID, TITLE, SUMMARY, runs.stream().map(BatchSearchChart::of).toList(),
                List.of(new TidyTable("batch-search_probes.csv", "Every probe, in the order it ran", probes(runs)),
                        new TidyTable("batch-search_runs.csv", "Each run's result and the estimator's prediction",
                                runs(runs))),
                List.of());
    }

    /** The section when nothing was measured: no chart, and the reason, never a made-up curve. */
    public static Section notMeasured(String why) {
        return Section.skipped(ID, TITLE, SUMMARY, why);
    }

    static Table probes(List<BatchSearchRun> runs) {
        StringColumn run = StringColumn.create("run");
        StringColumn backend = StringColumn.create("backend");
        StringColumn model = StringColumn.create("model");
        IntColumn seq = IntColumn.create("seq");
        IntColumn order = IntColumn.create("probe");
        IntColumn batch = IntColumn.create("batch");
        BooleanColumn fits = BooleanColumn.create("fits");
        DoubleColumn tokens = DoubleColumn.create("tokens_per_s");
        DoubleColumn mfu = DoubleColumn.create("mfu");
        LongColumn peak = LongColumn.create("peak_bytes");
        for (BatchSearchRun r : runs) {
            int i = 1;
            for (ProbeResult p : r.probes()) {
                run.append(r.name());
                backend.append(r.result().backend());
                model.append(r.model());
                seq.append(r.result().seq());
                order.append(i++);
                batch.append(p.batch());
                fits.append(p.fits());
                Columns.append(tokens, p.tokensPerS());
                Columns.append(mfu, p.mfu());
                peak.append(p.peakBytes());
            }
        }
        return Table.create("batch-search_probes", run, backend, model, seq, order, batch, fits, tokens, mfu, peak);
    }

    static Table runs(List<BatchSearchRun> runs) {
        StringColumn run = StringColumn.create("run");
        StringColumn source = StringColumn.create("source");
        StringColumn backend = StringColumn.create("backend");
        StringColumn model = StringColumn.create("model");
        IntColumn seq = IntColumn.create("seq");
        DoubleColumn peak = DoubleColumn.create("peak_flops_per_s");
        DoubleColumn perToken = DoubleColumn.create("flops_per_token");
        IntColumn probes = IntColumn.create("probes");
        IntColumn max = IntColumn.create("max_batch");
        IntColumn predicted = IntColumn.create("predicted_max_batch");
        LongColumn predictedPeak = LongColumn.create("predicted_peak_bytes");
        BooleanColumn complete = BooleanColumn.create("complete");
        for (BatchSearchRun r : runs) {
            run.append(r.name());
            source.append(r.source());
            backend.append(r.result().backend());
            model.append(r.model());
            seq.append(r.result().seq());
            peak.append(r.result().peakFlopsPerS());
            perToken.append(r.result().flopsPerToken());
            probes.append(r.probes().size());
            Columns.append(max, r.maxBatch());
            predicted.append(r.result().predictedMaxBatch());
            Columns.appendRounded(predictedPeak, r.maxBatch().isPresent() ? r.result().predictedPeakBytes() : null);
            complete.append(r.complete());
        }
        return Table.create("batch-search_runs", run, source, backend, model, seq, peak, perToken, probes, max,
                predicted, predictedPeak, complete);
    }
}
