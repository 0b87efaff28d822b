package dev.napkin.reports.sections;

import dev.napkin.estimator.units.Si;
import dev.napkin.harness.results.ProbeResult;
import dev.napkin.reports.Figure;
import dev.napkin.reports.Panel;
import dev.napkin.reports.harness.BatchSearchRun;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart 1: a batch search as two panels over batch size, tokens/s on top and MFU below, probes that did not fit
 * marked at zero, and the measured largest batch and the estimator's predicted one as vertical lines.
 */
final class BatchSearchChart {
    static final int WIDTH = 1100;
    static final int PANEL_HEIGHT = 430;
    /** The same series names in both panels keep their legends, and so their x axes, the same width. */
    static final String FITS = "probe that fit (measured)";
    static final String FAILED = "did not fit (no throughput; drawn at 0)";

    private BatchSearchChart() {
    }

    static Figure of(BatchSearchRun run) {
        String where = run.model() + " on " + run.result().backend() + " " + run.result().precision() + ", seq "
                + run.result().seq() + (run.complete() ? "" : " (incomplete: " + run.probes().size() + " probes)");
        XYChart throughput = panel(run, "Batch search: " + where, "tokens/s (measured)", ProbeResult::tokensPerS);
        XYChart mfu = panel(run, "MFU against the harness's peak of "
                + Si.prefixed(run.result().peakFlopsPerS(), "FLOP/s"), "MFU (%)", p -> 100 * p.mfu());
        return new Figure("batch-search_" + run.name() + ".png", "Tokens/s and MFU against batch size for "
                + where + ", from " + run.source(), List.of(new Panel(throughput), new Panel(mfu)), 1);
    }

    private static XYChart panel(BatchSearchRun run, String title, String yTitle,
                                 ToDoubleFunction<ProbeResult> measure) {
        XYChart chart = ChartStyle.xy(title, "batch size (sequences per step)", yTitle, WIDTH, PANEL_HEIGHT);
        List<ProbeResult> fit = run.probesByBatch().stream().filter(ProbeResult::fits).toList();
        List<ProbeResult> failed = run.probesByBatch().stream().filter(p -> !p.fits()).toList();
        double top = 1.15 * fit.stream().mapToDouble(measure).max().orElse(1);
        double right = run.probes().stream().mapToInt(ProbeResult::batch).max().orElseThrow();
        if (!fit.isEmpty()) {
            chart.addSeries(FITS, fit.stream().mapToDouble(ProbeResult::batch).toArray(),
                    fit.stream().mapToDouble(measure).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        if (!failed.isEmpty()) {
            XYSeries s = chart.addSeries(FAILED, failed.stream().mapToDouble(ProbeResult::batch).toArray(),
                    new double[failed.size()]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CROSS);
            s.setMarkerColor(ChartStyle.FAILED);
        }
        if (run.maxBatch().isPresent()) {
            vertical(chart, "largest batch that fit: " + run.maxBatch().getAsInt() + " (measured)",
                    run.maxBatch().getAsInt(), top).setLineStyle(ChartStyle.DASHED);
            right = Math.max(right, run.maxBatch().getAsInt());
        }
        int predicted = run.result().predictedMaxBatch();
        vertical(chart, "estimator's largest batch: " + predicted + " (predicted)", predicted, top)
                .setLineStyle(ChartStyle.DOTTED);
        right = Math.max(right, predicted);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(Math.ceil(right * 1.08));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(top);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        // both panels share the x axis: the same left margin keeps their batch sizes under each other
        chart.getStyler().setYAxisLeftWidthHint(70);
        return chart;
    }

    private static XYSeries vertical(XYChart chart, String name, double x, double top) {
        XYSeries s = chart.addSeries(name, new double[] {x, x}, new double[] {0, top});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(ChartStyle.REFERENCE);
        s.setLineStyle(SeriesLines.DASH_DASH);
        return s;
    }
}
