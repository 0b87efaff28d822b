package dev.napkin.reports.sections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.reports.Csv;
import dev.napkin.reports.Figure;
import dev.napkin.reports.Fixtures;
import dev.napkin.reports.Section;
import dev.napkin.reports.harness.BatchSearchRun;
import dev.napkin.reports.harness.HarnessResults;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class BatchSearchSectionTest {
    @TempDir
    Path dir;

    private BatchSearchRun complete() {
        return HarnessResults.read(Fixtures.harness("complete", dir)).runs().getFirst();
    }

    @Test // one row per probe in the order the search ran them; failed probes have no measurement, only the need
    void probesTableIsTheFileAsATidyTable() {
        String run = "gpt2-small_cpu_fp32_t256,cpu,gpt2-small,256,";
        assertEquals("run,backend,model,seq,probe,batch,fits,tokens_per_s,mfu,peak_bytes\n"
                + run + "1,1,true,30.0,0.149328,1400000000\n"
                + run + "2,2,true,41.0,0.204081,1750000000\n"
                + run + "3,4,true,48.0,0.238924,2450000000\n"
                + run + "4,8,true,52.0,0.258835,3850000000\n"
                + run + "5,16,false,,,6650000000\n"
                + run + "6,12,true,53.5,0.266301,4150000000\n"
                + run + "7,14,false,,,4450000000\n"
                + run + "8,13,true,53.0,0.263812,4280000000\n",
                Csv.of(BatchSearchSection.probes(List.of(complete()))));
    }

    @Test
    void runsTableHasTheConclusionAndThePrediction() {
        assertEquals("run,source,backend,model,seq,peak_flops_per_s,flops_per_token,probes,max_batch,"
                + "predicted_max_batch,predicted_peak_bytes,complete\n"
                + "gpt2-small_cpu_fp32_t256,file gpt2-small_cpu_fp32_t256_batch-search.json,cpu,gpt2-small,256,1.5E11,"
                + "7.46638848E8,8,13,14,4200000000,true\n",
                Csv.of(BatchSearchSection.runs(List.of(complete()))));
    }

    @Test // two panels over batch size, fitting probes in batch order, failures at 0, two vertical lines
    void chartHasTheMeasuredSeriesAndBothLines() {
        Figure f = BatchSearchChart.of(complete());
        assertEquals("batch-search_gpt2-small_cpu_fp32_t256.png", f.fileName());
        assertEquals(2, f.panels().size());
        assertEquals(BatchSearchChart.WIDTH, f.width());
        assertEquals(2 * BatchSearchChart.PANEL_HEIGHT, f.height());
        Map<String, XYSeries> top = ((XYChart) f.panels().get(0).chart()).getSeriesMap();
        assertEquals(List.of(BatchSearchChart.FITS, BatchSearchChart.FAILED, "largest batch that fit: 13 (measured)",
                "estimator's largest batch: 14 (predicted)"), List.copyOf(top.keySet()));
        assertArrayEquals(new double[] {1, 2, 4, 8, 12, 13}, top.get(BatchSearchChart.FITS).getXData());
        assertArrayEquals(new double[] {30, 41, 48, 52, 53.5, 53}, top.get(BatchSearchChart.FITS).getYData());
        assertArrayEquals(new double[] {14, 16}, top.get(BatchSearchChart.FAILED).getXData());
        assertArrayEquals(new double[] {0, 0}, top.get(BatchSearchChart.FAILED).getYData());
        assertArrayEquals(new double[] {13, 13}, top.get("largest batch that fit: 13 (measured)").getXData());
        assertArrayEquals(new double[] {14, 14}, top.get("estimator's largest batch: 14 (predicted)").getXData());
        Map<String, XYSeries> bottom = ((XYChart) f.panels().get(1).chart()).getSeriesMap();
        // MFU in percent: 100 x 0.149328 ...
        assertArrayEquals(new double[] {14.9328, 20.4081, 23.8924, 25.8835, 26.6301, 26.3812},
                bottom.get(BatchSearchChart.FITS).getYData(), 1e-9);
    }

    @Test // a search cut short: its probes, the prediction, no largest-batch line, and the title says so
    void anIncompleteRunHasNoConclusionLine(@TempDir Path other) {
        BatchSearchRun half = HarnessResults.read(Fixtures.harness("mixed", other)).runs().getFirst();
        Figure f = BatchSearchChart.of(half);
        XYChart top = (XYChart) f.panels().getFirst().chart();
        assertEquals(List.of(BatchSearchChart.FITS, "estimator's largest batch: 5 (predicted)"),
                List.copyOf(top.getSeriesMap().keySet()));
        assertEquals(3, top.getSeriesMap().get(BatchSearchChart.FITS).getXData().length);
        assertTrue(top.getTitle().contains("(incomplete: 3 probes)"), top.getTitle());
        // its runs row: no answer, no bytes for an answer, and complete false
        assertEquals("run,source,backend,model,seq,peak_flops_per_s,flops_per_token,probes,max_batch,"
                + "predicted_max_batch,predicted_peak_bytes,complete\n"
                + "gpt2-small_cpu_fp32_t128,file gpt2-small_cpu_fp32_t128_batch-search.json,cpu,gpt2-small,128,1.5E11,"
                + "7.46638848E8,3,,5,,false\n", Csv.of(BatchSearchSection.runs(List.of(half))));
    }

    @Test // nothing measured: a note, never a chart
    void withoutMeasurementsTheSectionSaysWhy() {
        Section s = BatchSearchSection.notMeasured("nothing measured");
        assertEquals(List.of(), s.figures());
        assertEquals(List.of("nothing measured"), s.notes());
        assertThrows(IllegalArgumentException.class, () -> BatchSearchSection.of(List.of()));
    }
}
