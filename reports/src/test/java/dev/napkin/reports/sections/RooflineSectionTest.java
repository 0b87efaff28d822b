package dev.napkin.reports.sections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.CountMode;
import dev.napkin.profiler.OpTime;
import dev.napkin.profiler.Profile;
import dev.napkin.profiler.ProfileSettings;
import dev.napkin.profiler.Roofline;
import dev.napkin.reports.Csv;
import dev.napkin.reports.Figure;
import dev.napkin.reports.Fixtures;
import dev.napkin.reports.Section;
import dev.napkin.reports.harness.BatchSearchRun;
import dev.napkin.reports.harness.HarnessResults;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class RooflineSectionTest {
    private static final GpuSpec H100 = GpuCatalog.builtIn().find("h100-sxm");
    private static final Model GPT2 = ModelPresets.builtIn().find("gpt2-small").model();

    private static Roofline gpt2(int batch, int seq, ComputeDtype dtype, boolean dropout) {
        return Roofline.of(Profile.of(GPT2, new ProfileSettings(batch, seq, dtype, dropout, AttentionKind.NAIVE,
                CountMode.FULL), false), H100, dtype);
    }

    @Test // ops coloured by kind, at or under the roof; the roof bends at peak / bandwidth = 989.5 / 3.35 = 295 FLOP/B
    void opsSitUnderTheRoof() {
        Roofline r = gpt2(8, 1024, ComputeDtype.BF16, false);
        Figure f = RooflineChart.of(new RooflineCase(RooflineCase.nameOf(r), r, Optional.empty()));
        assertEquals("roofline_gpt2-small_b8_t1024_h100-sxm_bf16.png", f.fileName());
        XYChart chart = (XYChart) f.panels().getFirst().chart();
        assertTrue(chart.getStyler().isXAxisLogarithmic() && chart.getStyler().isYAxisLogarithmic());
        Map<String, XYSeries> series = chart.getSeriesMap();
        List<String> kinds = r.times().stream().filter(RooflineChart::drawable).map(t -> t.op().kind().id()).distinct()
                .toList();
        assertEquals(kinds, List.copyOf(series.keySet()).subList(0, kinds.size()));
        assertTrue(kinds.contains("softmax") && kinds.contains("qkv_proj") && !kinds.contains("dropout"), kinds.toString());
        String roof = "h100-sxm bf16 matmul roof: 990 TFLOP/s, 3.35 TB/s";
        double[] roofX = series.get(roof).getXData();
        assertEquals(3, roofX.length);
        assertEquals(989.5e12 / 3.35e12, roofX[1], 1e-9);
        assertArrayEquals(new double[] {3.35 * roofX[0], 989.5, 989.5}, series.get(roof).getYData(), 1e-9);
        int points = 0;
        for (String kind : kinds) {
            XYSeries s = series.get(kind);
            for (int i = 0; i < s.getXData().length; i++) {
                double ceiling = Math.min(989.5, 3.35 * s.getXData()[i]);
                assertTrue(s.getYData()[i] <= ceiling * (1 + 1e-9), kind + " above the roof");
                points++;
            }
        }
        assertEquals(r.times().stream().filter(RooflineChart::drawable).count(), points);
        XYSeries step = series.get("whole step on h100-sxm (predicted)");
        assertEquals(r.profile().flops() / r.stepSeconds() / 1e12, step.getYData()[0], 1e-9);
    }

    @Test
    void tablesHaveEveryOpAndTheStep() {
        Roofline r = gpt2(8, 1024, ComputeDtype.BF16, false);
        RooflineCase c = new RooflineCase("demo", r, Optional.empty());
        String ops = Csv.of(RooflineSection.ops(List.of(c)));
        assertEquals("case,gpu,dtype,op,kind,layer,flops,moved_bytes,arithmetic_intensity_flops_per_byte,time_s,"
                + "attained_flops_per_s,bound", ops.lines().findFirst().orElseThrow());
        assertEquals(r.times().size() + 1, ops.lines().count());
        OpTime first = r.times().getFirst();
        assertEquals("demo,h100-sxm,bf16," + first.op().name() + "," + first.op().kind().id() + ",-1,"
                + first.op().flops() + "," + Math.round(first.op().bytesRead() + first.op().bytesWritten()) + ","
                + first.op().arithmeticIntensity() + "," + first.seconds() + "," + first.op().flops() / first.seconds()
                + "," + first.bound().id(), ops.lines().toList().get(1));
        Profile p = r.profile();
        assertEquals("case,point,machine,dtype,batch,seq,arithmetic_intensity_flops_per_byte,flops_per_s,peak_flops_per_s\n"
                + "demo,predicted,h100-sxm,bf16,8,1024," + p.flops() / p.bytesMoved() + "," + p.flops() / r.stepSeconds()
                + ",9.895E14\n", Csv.of(RooflineSection.steps(List.of(c))));
    }

    @Test // the fixture's largest fitting batch, 13 x 256 tokens at 53.0 tokens/s, measured on the cpu in fp32
    void harnessRunsGetTheirMeasuredStepBesideThePredicted(@TempDir Path dir) {
        BatchSearchRun run = HarnessResults.read(Fixtures.harness("complete", dir)).runs().getFirst();
        Section s = RooflineSection.forRuns(List.of(run), H100, ComputeDtype.BF16, AttentionKind.NAIVE);
        Figure f = s.figures().getFirst();
        assertEquals("roofline_gpt2-small_cpu_fp32_t256_h100-sxm_bf16.png", f.fileName());
        Map<String, XYSeries> series = ((XYChart) f.panels().getFirst().chart()).getSeriesMap();
        // the step the harness ran, which applies no dropout (GPT-2 small trains with it elsewhere)
        Profile fp32 = gpt2(13, 256, ComputeDtype.FP32, false).profile();
        XYSeries measured = series.get("whole step on cpu (measured, fp32; not a GPU)");
        assertEquals(fp32.flops() * 53.0 / (13 * 256) / 1e12, measured.getYData()[0], 1e-12);
        assertEquals(fp32.flops() / fp32.bytesMoved(), measured.getXData()[0], 1e-12);
        assertArrayEquals(new double[] {0.15, 0.15}, series.get("cpu peak from the result file: 150 GFLOP/s").getYData(),
                1e-12);
        assertTrue(s.notes().stream().anyMatch(n -> n.contains("measured on cpu") && n.contains("not on h100-sxm")),
                s.notes().toString());
        assertEquals(2, s.tables().get(1).table().rowCount());
    }

    @Test // a run napkin cannot profile is named in a note; with nothing left, no chart at all
    void runsThatCannotBeProfiledAreNamed() {
        ModelInfo mine = new ModelInfo("my-model", "a model napkin has no preset for", 1_000_000, 1_000_000, null);
        BatchSearchRun unknown = new BatchSearchRun("mine", "file mine.json", BenchResult.of(Fixtures.header(mine, 256),
                List.of(Fixtures.fit(1, 10, 0.1, 5_000_000, 5e6)), 1, 1, true, List.of()));
        BatchSearchRun nothingFit = new BatchSearchRun("none", "file none.json", BenchResult.of(
                Fixtures.header(Fixtures.GPT2_SMALL, 256), List.of(Fixtures.outOfMemory(1, 5_000_000_000L)), 0, 0, true,
                List.of()));
        Section s = RooflineSection.forRuns(List.of(unknown, nothingFit), H100, ComputeDtype.BF16, AttentionKind.NAIVE);
        assertEquals(List.of(), s.figures());
        String note = s.notes().getFirst();
        assertTrue(note.startsWith("mine: no roofline, unknown model 'my-model'"), note);
        assertTrue(note.contains("none: no probe fit"), note);
    }
}
