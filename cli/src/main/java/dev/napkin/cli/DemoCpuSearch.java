package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.estimator.units.Si;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.Backends;
import dev.napkin.harness.BatchSearch;
import dev.napkin.harness.CpuInfo;
import dev.napkin.harness.FmaPeak;
import dev.napkin.harness.MemoryPrediction;
import dev.napkin.harness.Probe;
import dev.napkin.harness.StepTiming;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.ProbeResult;
import dev.napkin.reports.harness.BatchSearchRun;
import java.util.List;
import java.util.Locale;

/** The demo's last scenario: a real batch-size search on the CPU, small enough to take a few seconds. */
final class DemoCpuSearch {
    private static final long LIMIT_BYTES = 32L << 20;
    private static final int SEQ = 128;
    private static final int WARMUP = 1;
    private static final int STEPS = 2;
    /** bench's default --seed, so that the demo's search can be repeated with napkin bench. */
    private static final long SEED = 1;

    private DemoCpuSearch() {
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 0x1p20);
    }

    /** The scenario for the demo's text, and the same search as a run for the report's batch-search chart. */
    record Measured(DemoReport.Scenario scenario, BatchSearchRun run) {
    }

    static Measured run() {
        ModelShape shape = ModelShape.builder().layers(2).dModel(64).heads(4).ffnHidden(256).vocab(512).context(128)
                .mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED).biases(true)
                .tiedEmbeddings(true).build();
        Model model = Model.ofShape("l2-c64-nh4-v512", "GPT-2-style model l2-c64-nh4-v512", shape, false);
        int threads = CpuInfo.logicalCores();
        TrainConfig template = new TrainConfig(model.id(), shape, 1, SEQ, threads, LIMIT_BYTES, AdamWSettings.gpt2());
        FmaPeak peak = FmaPeak.measure(threads, 3, 0.1);
        BatchSearch.Result result = BatchSearch.search(Backends.cpu(), template, 4096, SEED,
                (backend, batch) -> StepTiming.run(backend, batch, SEQ, shape.vocab(), WARMUP, STEPS, SEED), p -> { });
        int predicted = MemoryPrediction.maxBatch(template, LIMIT_BYTES);
        Probe best = result.probes().stream().filter(p -> p.fits() && p.batch() == result.maxBatch()).findFirst()
                .orElseThrow();
        StepTiming t = best.timing().orElseThrow();
        double flopsPerToken = FlopsFormula.PALM.perToken(model, SEQ).model();
        double mfu = t.mfu(flopsPerToken, peak.flopsPerSecond());
        double predictedBytes = MemoryPrediction.of(template.withBatch(result.maxBatch())).breakdown().total();
        // the same record napkin bench writes for this search (without its files: the demo writes none)
        BenchResult.Header header = new BenchResult.Header("cpu", CpuInfo.modelName() + ", " + threads + " thread"
                + (threads == 1 ? "" : "s"), threads, ModelInfo.of(model), SEQ, BenchResult.BATCH_SEARCH, LIMIT_BYTES,
                "the demo's " + mib(LIMIT_BYTES), WARMUP, STEPS, SEED, peak.flopsPerSecond(), "FMA microbenchmark",
                FlopsFormula.PALM.id(), FlopsFormula.PALM.citation(), flopsPerToken, List.of());
        List<ProbeResult> probes = result.probes().stream()
                .map(p -> ProbeResult.of(p, template, flopsPerToken, peak.flopsPerSecond())).toList();
        BatchSearchRun run = new BatchSearchRun(model.id() + "_cpu_fp32_t" + SEQ, "measured by napkin demo just now",
                BenchResult.of(header, probes, result.maxBatch(), predicted, true, List.of()));
        DemoReport.Scenario scenario = new DemoReport.Scenario(
                "How large a batch of a small GPT-2 (2 x 64, V 512) trains in 32 MiB, measured on this CPU?",
                "napkin bench --layers 2 --d-model 64 --heads 4 --vocab 512 --context 128 --seq 128 --find-max-batch "
                        + "--memory-limit 32MiB",
                result.maxBatch(), "sequences",
                result.maxBatch() + " sequences measured, " + predicted + " predicted; "
                        + Si.fixed(t.tokensPerSecond(), 0) + " tokens/s at batch " + result.maxBatch() + ", MFU "
                        + Si.fixed(100 * mfu, 1) + "%",
                String.format(Locale.ROOT, "%d probes (%s), each a real forward, backward and AdamW step in fp32 on "
                        + "%d threads; a probe over the limit is refused before it allocates. Peak memory %s, the "
                        + "estimator's %s (%+.1f%%). MFU against %s from the FMA microbenchmark.",
                        result.probes().size(), String.join(", ", result.probes().stream()
                                .map(p -> p.batch() + (p.fits() ? "" : " OOM")).toList()), threads,
                        mib(best.peakBytes()), mib(predictedBytes),
                        100 * MemoryPrediction.relativeError(predictedBytes, best.peakBytes()),
                        Si.prefixed(peak.flopsPerSecond(), "FLOP/s")));
        return new Measured(scenario, run);
    }
}
