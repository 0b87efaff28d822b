package dev.napkin.reports;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.runs.RunCheck;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.CountMode;
import dev.napkin.profiler.Profile;
import dev.napkin.profiler.ProfileSettings;
import dev.napkin.profiler.Roofline;
import dev.napkin.reports.harness.BatchSearchRun;
import dev.napkin.reports.harness.HarnessResults;
import dev.napkin.reports.sections.BatchSearchSection;
import dev.napkin.reports.sections.MemorySection;
import dev.napkin.reports.sections.MemorySweep;
import dev.napkin.reports.sections.PublishedMfuSection;
import dev.napkin.reports.sections.RooflineCase;
import dev.napkin.reports.sections.RooflineSection;
import dev.napkin.reports.sections.TimeSection;
import dev.napkin.reports.sections.TimeSweep;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The three report pages napkin writes: from harness results, from a sweep, and the demo's. */
public final class Reports {
    static {
        Headless.ensure();
    }

    private Reports() {
    }

    /** Charts 1 and 4 from harness batch searches; the GPU and dtype are the roofline's. */
    public static ReportPage fromHarness(HarnessResults.Loaded loaded, GpuSpec gpu, ComputeDtype dtype,
                                         AttentionKind attention, ReportContext context) {
        return new ReportPage("napkin report: harness results", context,
                List.of(BatchSearchSection.of(loaded.runs()),
                        RooflineSection.forRuns(loaded.runs(), gpu, dtype, attention)),
                loaded.warnings());
    }

    /** Charts 2 and 3 from the estimator. */
    public static ReportPage sweep(MemorySweep memory, TimeSweep time, ReportContext context) {
        return new ReportPage("napkin sweep: memory, time and cost", context,
                List.of(MemorySection.of(memory), TimeSection.of(time)), List.of());
    }

    /**
     * All six charts (the memory sweep draws one per precision, bf16-mixed and fp32). {@code measured} are batch searches the caller ran (chart 1); without any, chart 1 is left
     * out with a note saying how to measure one. Chart 4 is the demo's GPT-2 small step on an H100, predicted (the
     * demo's CPU search trains a toy shape, whose roofline would say little about a GPU).
     */
    public static ReportPage demo(List<BatchSearchRun> measured, ReportContext context) {
        GpuSpec h100 = GpuCatalog.builtIn().find("h100-sxm");
        Section batch = measured.isEmpty()
                ? BatchSearchSection.notMeasured("No batch search was measured for this demo, and napkin draws no "
                        + "made-up one. Measure one with `napkin bench --backend cpu --model gpt2-small --seq 256 "
                        + "--find-max-batch --memory-limit 4GiB --out results`, then `napkin report --from results "
                        + "--out report`.")
                : BatchSearchSection.of(measured);
        MemorySweep memory = new MemorySweep(models(SweepDefaults.MODELS), List.of(Precision.BF16_MIXED, Precision.FP32),
                Optimizer.ADAMW, List.of(1), SweepDefaults.SEQ, Recompute.NONE, false, Parallelism.single(), h100);
        TimeSweep time = new TimeSweep(Model.ofParams(70e9), 15e12, "15T tokens for a 70B model, the question of "
                + "CS336 lecture 2 (at 1024 GPUs and MFU 50%: 143.9 days)", powersOfTwo(8, 16384),
                List.of(0.3, 0.4, 0.5), List.of(Precision.BF16_MIXED), Optimizer.ADAMW, h100, OptionalDouble.empty());
        Section roofline = RooflineSection.of(List.of(gpt2OnH100(h100)), List.of("Every point is predicted: the "
                + "demo measures a toy model on the CPU, not GPT-2 on a GPU (`napkin report --from` adds measured steps)."));
        return new ReportPage("napkin demo: the six charts", context, List.of(batch, MemorySection.of(memory),
                TimeSection.of(time), roofline, PublishedMfuSection.of(RunCheck.all())), List.of());
    }

    /** The demo's profile question: GPT-2 small, batch 8 x 1024, bf16, no dropout, naive attention. */
    private static RooflineCase gpt2OnH100(GpuSpec h100) {
        Model gpt2 = ModelPresets.builtIn().find("gpt2-small").model();
        Roofline r = Roofline.of(Profile.of(gpt2, new ProfileSettings(8, 1024, ComputeDtype.BF16, false,
                AttentionKind.NAIVE, CountMode.FULL), false), h100, ComputeDtype.BF16);
        return new RooflineCase(RooflineCase.nameOf(r), r, Optional.empty());
    }

    /** Presets by id, in order; an unknown id is a one-line error with a suggestion. */
    public static List<Model> models(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(id -> ModelPresets.builtIn().find(id).model()).toList();
    }

    /** {@code from}, 2·from, 4·from, ... up to {@code to}. */
    public static List<Integer> powersOfTwo(int from, int to) {
        if (from < 1 || to < from) {
            throw new IllegalArgumentException("range " + from + ".." + to + " must start at 1 or more and not end before"
                    + " it starts");
        }
        List<Integer> values = new java.util.ArrayList<>();
        for (long v = from; v <= to; v *= 2) {
            values.add((int) v);
        }
        return values;
    }
}
