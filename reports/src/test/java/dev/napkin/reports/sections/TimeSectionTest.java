package dev.napkin.reports.sections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.reports.Csv;
import dev.napkin.reports.Figure;
import dev.napkin.reports.Reports;
import dev.napkin.reports.Section;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class TimeSectionTest {
    private static final GpuSpec H100 = GpuCatalog.builtIn().find("h100-sxm");

    private static TimeSweep lecture(List<Integer> gpus, List<Double> mfus, OptionalDouble price) {
        return new TimeSweep(Model.ofParams(70e9), 15e12, "15T", gpus, mfus, List.of(Precision.BF16_MIXED),
                Optimizer.ADAMW, H100, price);
    }

    // CS336 lecture 2: 6 x 70e9 x 15e12 = 6.3e24 FLOPs over 1024 x 989.5e12 x 0.5 = 5.066e17 FLOP/s is
    // 1.2435e7 s = 143.93 days; 1024 GPUs x 143.93 days x 24 h = 3.537e6 GPU-hours, at $2 an hour $7.07M
    @Test
    void tableHoldsTheLecturesAnswer() {
        String csv = Csv.of(TimeSection.table(lecture(List.of(1024), List.of(0.5), OptionalDouble.of(2)).points()));
        List<String> lines = csv.lines().toList();
        assertEquals("model,tokens,precision,gpu,gpus,mfu,model_flops,peak_flops_per_s,days,gpu_hours,"
                + "price_usd_per_gpu_hour,cost_usd,model_states_fit", lines.get(0));
        String[] row = lines.get(1).split(",");
        assertEquals(List.of("70B params", "1.5E13", "bf16-mixed", "h100-sxm", "1024", "0.5", "6.3E24", "9.895E14"),
                List.of(row).subList(0, 8));
        assertEquals(143.93, Double.parseDouble(row[8]), 0.005);
        assertEquals(3.537e6, Double.parseDouble(row[9]), 0.0005e6);
        assertEquals("2.0", row[10]);
        assertEquals(7.07e6, Double.parseDouble(row[11]), 0.005e6);
        assertEquals("true", row[12]);
        assertEquals(2, lines.size());
    }

    @Test // without a price the cost column is empty, not zero
    void withoutAPriceCostIsMissing() {
        String csv = Csv.of(TimeSection.table(lecture(List.of(8), List.of(0.5), OptionalDouble.empty()).points()));
        assertTrue(csv.lines().toList().get(1).endsWith(",,,false"), csv);
    }

    @Test // bf16-mixed AdamW: 16 bytes x 70e9 = 1.12e12 bytes over 80 GiB (85,899,345,920) = 13.04, so 14 GPUs
    void fewestGpusThatHoldTheModelStates() {
        assertEquals(14, lecture(List.of(8), List.of(0.5), OptionalDouble.empty()).minGpus(Precision.BF16_MIXED));
    }

    @Test // one line per MFU over the GPU counts, days halving as GPUs double; the 14-GPU line; flat GPU-hours
    void chartHasOneLinePerMfu() {
        List<Integer> counts = Reports.powersOfTwo(8, 64);
        Section s = TimeSection.of(lecture(counts, List.of(0.3, 0.5), OptionalDouble.empty()));
        Figure f = s.figures().getFirst();
        assertEquals("time_bf16-mixed.png", f.fileName());
        XYChart days = (XYChart) f.panels().get(0).chart();
        assertTrue(days.getStyler().isXAxisLogarithmic());
        assertTrue(days.getStyler().isYAxisLogarithmic());
        Map<String, XYSeries> series = days.getSeriesMap();
        assertEquals(List.of("MFU 30%", "MFU 50%", "model states need 14+ GPUs"), List.copyOf(series.keySet()));
        assertArrayEquals(new double[] {8, 16, 32, 64}, series.get("MFU 50%").getXData());
        double at8 = 6 * 70e9 * 15e12 / (8 * 989.5e12 * 0.5) / 86_400;
        assertArrayEquals(new double[] {at8, at8 / 2, at8 / 4, at8 / 8}, series.get("MFU 50%").getYData(), 1e-9);
        assertArrayEquals(new double[] {14, 14}, series.get("model states need 14+ GPUs").getXData());
        XYChart hours = (XYChart) f.panels().get(1).chart();
        assertEquals("GPU-hours", hours.getYAxisTitle());
        double[] flat = hours.getSeriesMap().get("MFU 30%").getYData();
        assertEquals(flat[0], flat[3], 1e-6 * flat[0]);
        assertEquals(List.of("Token budget: 15T."), s.notes());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> lecture(List.of(0), List.of(0.5), OptionalDouble.empty()));
        assertThrows(IllegalArgumentException.class, () -> lecture(List.of(8), List.of(1.5), OptionalDouble.empty()));
        assertThrows(IllegalArgumentException.class, () -> lecture(List.of(8), List.of(0.5), OptionalDouble.of(-1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimeSweep(Model.ofParams(7e9),
                1e12, "1T", List.of(8), List.of(0.5), List.of(Precision.BF16_MIXED), Optimizer.ADAMW,
                GpuCatalog.builtIn().find("v100"), OptionalDouble.empty()));
        assertTrue(e.getMessage().contains("no published dense bf16 rate"), e.getMessage());
    }
}
