package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Quantities;
import dev.napkin.estimator.units.Si;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.BackendFactory;
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
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measured GPT-2 training steps on this CPU; largest batch.", sortOptions = false,
        description = {"Measures real GPT-2 training steps (forward, backward, AdamW; fp32): tokens/s, MFU, peak memory,",
                "for one --batch or, with --find-max-batch, the largest batch within --memory-limit (doubling until",
                "one does not fit, then bisecting). Next to each: the estimator's memory prediction."},
        footer = {"",
                "Examples:",
                "  napkin bench --backend cpu --model gpt2-small --seq 256 --batch 1",
                "  napkin bench --backend cpu --model gpt2-small --seq 256 --find-max-batch \\",
                "      --memory-limit 4GiB",
                "  napkin bench --layers 4 --d-model 128 --heads 4 --vocab 4096 --seq 256 \\",
                "      --batch 8 --threads 2"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "cpu",
            description = "cpu (this build), or cuda (a later issue). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Mixin
    ModelOption modelOption;

    @Option(names = "--seq", paramLabel = "T", description = "Sequence length (default: the model's context).")
    Integer seq;

    @Option(names = "--batch", paramLabel = "B", description = "Measure this batch size (default 1).")
    Integer batch;

    @Option(names = "--find-max-batch", description = "Search the largest batch that fits --memory-limit.")
    boolean findMaxBatch;

    @Option(names = "--max-batch", paramLabel = "B", defaultValue = "4096",
            description = "The search's upper bound. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--memory-limit", paramLabel = "BYTES",
            description = "Device memory to stand in for, e.g. 4GiB (default: the JVM heap's free room).")
    String memoryLimit;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "5", description = "Timed steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: every core).")
    Integer threads;

    @Option(names = "--peak-tflops", paramLabel = "TFLOPS",
            description = "The device's peak FLOP/s for MFU, instead of measuring it with the FMA microbenchmark.")
    String peakTflops;

    @Option(names = "--flops", paramLabel = "FORMULA", defaultValue = "palm",
            description = "Model FLOPs per token for MFU: palm (default), 6pt, chinchilla or megatron.")
    String flops;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the init and the random tokens.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Results directory: CSV and JSON rewritten (atomically) after every probe. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    FormatOption formatOption;

    @Override
    public Integer call() {
        OutputFormat format = formatOption.get();
        checkBeforeWork();
        BackendFactory factory = Backends.factory(backend);
        Model model = modelOption.resolve();
        model.requireShape("bench");
        TrainConfig template = template(model);
        long capacity = Backends.memoryCapacityBytes(backend);
        long limit = memoryLimit(template, capacity);
        template = new TrainConfig(template.modelId(), template.shape(), template.batch(), template.seq(),
                template.threads(), limit, template.adamW());
        FlopsFormula formula = FlopsFormula.parse(flops);
        double flopsPerToken = formula.perToken(model, template.seq()).model();
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        }
        PrintWriter err = spec.commandLine().getErr();
        Peak peak = peak(template.threads(), err);

        String mode = findMaxBatch ? BenchResult.BATCH_SEARCH : BenchResult.FIXED_BATCH;
        ResultFiles files = new ResultFiles(out, String.join("_", safe(model.id()), backend.toLowerCase(Locale.ROOT),
                "fp32", "t" + template.seq(), findMaxBatch ? mode : mode + template.batch()));
        BenchResult.Header header = new BenchResult.Header(backend.toLowerCase(Locale.ROOT),
                CpuInfo.modelName() + ", " + template.threads() + " thread" + (template.threads() == 1 ? "" : "s"),
                template.threads(), ModelInfo.of(model), template.seq(), mode,
                limit, memoryLimit == null ? "the JVM heap's free room (" + Si.gib(capacity) + ")" : "--memory-limit "
                + memoryLimit, warmup, steps, peak.flopsPerSecond(), peak.source(), formula.id(), formula.citation(),
                flopsPerToken, files.describe());
        List<ProbeResult> rows = new ArrayList<>();
        TrainConfig base = template;
        BatchSearch.Measure measure = (b, size) -> StepTiming.run(b, size, base.seq(), base.shape().vocab(), warmup,
                steps, seed);
        Consumer<Probe> onProbe = p -> {
            ProbeResult row = ProbeResult.of(p, base, flopsPerToken, peak.flopsPerSecond());
            rows.add(row);
            err.println("napkin bench: " + BenchReport.progressLine(row));
            err.flush();
            files.write(new BenchReport(BenchResult.running(header, rows, predictedMaxBatch(base))));
        };
        Integer found = null;
        if (findMaxBatch) {
            found = BatchSearch.search(factory, template, maxBatch, seed, measure, onProbe).maxBatch();
        } else {
            onProbe.accept(BatchSearch.probe(factory, template, seed, measure));
        }
        List<String> notes = notes(model);
        BenchReport report = new BenchReport(BenchResult.of(header, rows, found, predictedMaxBatch(base), true, notes));
        files.write(report);
        Output.print(report, format, spec.commandLine().getOut());
        return ExitCode.OK;
    }

    /** Every option that can be checked without a model, before any measuring starts. */
    private void checkBeforeWork() {
        int cores = CpuInfo.logicalCores();
        if (threads != null && threads > 4 * cores) {
            throw new IllegalArgumentException("--threads " + threads + " is more than 4 x the " + cores + " cores "
                    + "of this machine; give at most " + 4 * cores + " (more threads than cores only wait)");
        }
        Options.range(batch, "--batch", 1, Options.MAX_BATCH);
        Options.range(maxBatch, "--max-batch", 1, Options.MAX_BATCH);
        Options.range(steps, "--steps", 1, 10_000);
        if (warmup >= 0) {
            Options.range(warmup, "--warmup", 0, 10_000);
        }
        if (peakTflops != null) {
            Options.tflops(peakTflops, "--peak-tflops");
        }
        ResultFiles.checkFolder(Options.outputFolder(out, "--out"), "--out");
    }

    private TrainConfig template(Model model) {
        if (findMaxBatch && batch != null) {
            throw new IllegalArgumentException("give --batch N or --find-max-batch, not both");
        }
        int sequence = Options.sequence(seq, model);
        int threadCount = threads == null ? CpuInfo.logicalCores() : threads;
        return new TrainConfig(model.id(), model.requireShape("bench"), batch == null ? 1 : batch, sequence,
                threadCount, Long.MAX_VALUE, AdamWSettings.gpt2());
    }

    /** The limit: as given (at most what the device holds), refusing one the model states alone exceed. */
    private long memoryLimit(TrainConfig template, long capacity) {
        long limit = capacity;
        if (memoryLimit != null) {
            double asked = Quantities.bytes(memoryLimit, "--memory-limit");
            if (asked > capacity) {
                throw new IllegalArgumentException("--memory-limit " + memoryLimit + " is more than the JVM heap has "
                        + "room for (" + Si.gib(capacity) + "); " + HeapAdvice.forLimit(asked, CpuInfo.physicalMemoryBytes()));
            }
            limit = (long) asked;
        }
        double states = MemoryPrediction.of(template).breakdown().modelStates();
        if (states > limit) {
            String need = Si.gib(states) + " that " + template.modelId() + "'s weights, gradients and AdamW moments "
                    + "need (16 bytes per parameter)";
            long advice = (long) Math.ceil(2 * states / 0x1p30);
            if (memoryLimit == null) {
                throw new IllegalArgumentException("the JVM heap's free room, " + Si.gib(limit) + ", is below the "
                        + need + "; " + HeapAdvice.forBytes(states, CpuInfo.physicalMemoryBytes()));
            }
            throw new IllegalArgumentException("--memory-limit " + memoryLimit + " is below the " + need
                    + "; give more, e.g. --memory-limit " + advice + "GiB");
        }
        return limit;
    }

    private int predictedMaxBatch(TrainConfig template) {
        return MemoryPrediction.maxBatch(template, template.memoryLimitBytes());
    }

    /** The peak MFU divides by, and where it comes from. */
    private record Peak(double flopsPerSecond, String source) {
    }

    private Peak peak(int threadCount, PrintWriter err) {
        if (peakTflops != null) {
            return new Peak(Options.tflops(peakTflops, "--peak-tflops") * 1e12, "--peak-tflops " + peakTflops);
        }
        err.println("napkin bench: measuring the CPU's FMA peak on " + threadCount + " thread"
                + (threadCount == 1 ? "" : "s") + "...");
        err.flush();
        FmaPeak p = FmaPeak.measure(threadCount, 5, 0.2);
        return new Peak(p.flopsPerSecond(), String.format(Locale.ROOT,
                "FMA microbenchmark: %d thread%s x %.2fe9 FMA/s x 2 FLOPs x %d fp32 lanes", threadCount,
                threadCount == 1 ? "" : "s", p.fmasPerSecondPerThread() / 1e9, p.lanes()));
    }

    private static List<String> notes(Model model) {
        List<String> notes = new ArrayList<>();
        notes.add("peak memory is the plan's total: every buffer is allocated when a probe opens and lives to its "
                + "end; predicted is the estimator for a hand-written fp32 trainer (napkin memory's model with "
                + "LayerNorm statistics, one logits copy and the backward workspace), without the per-thread scratch");
        if (model.trainingDropout()) {
            notes.add(model.id() + " was trained with dropout; the harness measures without it "
                    + "(drop_rate 0.0), which leaves out only the dropout masks");
        }
        return notes;
    }

    /** A model id as part of a file name. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
