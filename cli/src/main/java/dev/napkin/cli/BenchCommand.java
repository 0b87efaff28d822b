package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.BenchTarget;
import dev.napkin.harness.CpuInfo;
import dev.napkin.harness.Backends;
import dev.napkin.harness.BatchSearch;
import dev.napkin.harness.FmaPeak;
import dev.napkin.harness.Probe;
import dev.napkin.harness.StepTiming;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.gpu.GpuBenchTarget;
import dev.napkin.harness.gpu.GpuOptions;
import dev.napkin.harness.gpu.AttentionKind;
import dev.napkin.harness.gpu.GpuPrecision;
import dev.napkin.harness.gpu.GpuTargets;
import dev.napkin.harness.gpu.cuda.CudaDevice;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.ProbeResult;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measured GPT-2 training steps on this CPU; largest batch.", sortOptions = false,
        description = {"Measures real GPT-2 training steps (forward, backward, AdamW; fp32): tokens/s,",
                "MFU, peak memory, for one --batch or, with --find-max-batch, the largest batch",
                "within --memory-limit (doubling until one does not fit, then bisecting). Next",
                "to each: the estimator's memory prediction."},
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

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "cpu", converter = Choices.BackendNames.class,
            completionCandidates = Choices.BackendNames.class, description = {"cpu (default), cuda (the first NVIDIA GPU), or emulated (the GPU trainer's",
                    "kernels on the CPU emulator: a check of the GPU path, not a speed)."})
    String backend;

    @Option(names = "--precision", paramLabel = "P", converter = Choices.GpuPrecisions.class,
            completionCandidates = Choices.GpuPrecisions.class,
            description = {"GPU: ${COMPLETION-CANDIDATES} (default bf16-mixed). The CPU runs fp32."})
    GpuPrecision precision;

    @Option(names = "--attention", paramLabel = "KIND", converter = Choices.GpuAttentions.class,
            description = {"GPU: naive (stores the T x T probabilities) or fused (flash-style, the default)."})
    AttentionKind attention;

    @Option(names = "--gpu", paramLabel = "NAME",
            description = {"GPU: the spec-table entry whose dense peak MFU divides by (default: the",
                    "device's own entry, found by its name)."})
    String gpu;

    @Option(names = "--gemm",
            description = {"GPU: time the GEMMs of one training step of the model (at --batch, --seq) with",
                    "each GEMM the device has (cuBLAS and napkin's kernels), in TFLOP/s against the peak."})
    boolean gemm;

    @Option(names = "--verify",
            description = {"GPU: compare the GPU trainer with the CPU trainer on a small model (loss, every",
                    "gradient tensor, 3 AdamW steps) for the given precision and attention, or all of",
                    "them; print a pass/fail table; exit 1 if one fails."})
    boolean verify;

    @Mixin
    Gpt2ModelOption modelOption;

    @Option(names = "--seq", paramLabel = "T", description = "Sequence length (default: the model's context).")
    Integer seq;

    /** One batch size, or the search for the largest: not both. */
    static final class Batches {
        @Option(names = "--batch", paramLabel = "B", description = "Measure this batch size (default 1).")
        Integer batch;

        @Option(names = "--find-max-batch", description = "Search the largest batch that fits --memory-limit.")
        boolean findMaxBatch;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Batches batches = new Batches();

    @Option(names = "--max-batch", paramLabel = "B", defaultValue = "4096",
            description = "The search's upper bound. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--memory-limit", paramLabel = "BYTES",
            converter = Converters.MemoryLimit.class,
            description = "Device memory to stand in for, e.g. 4GiB (default: the JVM heap's free room).")
    Converters.Given memoryLimit;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "5", description = "Timed steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: every core).")
    Integer threads;

    @Option(names = "--peak-tflops", paramLabel = "TFLOPS", converter = Converters.GivenTflops.class,
            description = "The device's peak FLOP/s for MFU, instead of measuring it with the FMA microbenchmark.")
    Converters.Given peakTflops;

    @Option(names = "--flops", paramLabel = "FORMULA", defaultValue = "palm",
            converter = Choices.Formulas.class, completionCandidates = Choices.Formulas.class,
            description = "Model FLOPs per token for MFU: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    FlopsFormula flops;

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
        String backendName = backend;
        boolean onGpu = !backendName.equals("cpu");
        BenchOnGpu onGpuModes = new BenchOnGpu(this);
        GpuOptions options = onGpuModes.options(onGpu);
        if (verify) {
            return onGpuModes.verify(backendName, format);
        }
        Model model = modelOption.resolve();
        model.requireShape("bench");
        TrainConfig template = template(model);
        FlopsFormula formula = flops;
        double flopsPerToken = formula.perToken(model, template.seq()).model();
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        }
        PrintWriter err = spec.commandLine().getErr();
        try (BenchTarget target = Backends.target(backendName, template.threads(), options, onGpuModes.emulatedCapacity())) {
            if (gemm) {
                return onGpuModes.gemm((GpuBenchTarget) target, model, template, format, err);
            }
            long capacity = target.memoryCapacityBytes();
            long limit = memoryLimit(template, capacity, target);
            template = new TrainConfig(template.modelId(), template.shape(), template.batch(), template.seq(),
                    template.threads(), limit, template.adamW());
            Peak peak = peak(target, template.threads(), err);

            List<String> nameParts = new ArrayList<>(List.of(safe(model.id()), backendName, target.precision()));
            if (target.attention() != null) {
                nameParts.add(target.attention());
            }
            nameParts.add("t" + template.seq());
            nameParts.add(batches.findMaxBatch ? BenchResult.BATCH_SEARCH : BenchResult.FIXED_BATCH + template.batch());
            try (ResultFiles files = ResultFiles.claim(out, nameParts, "--out", err)) {
                return measure(target, template, model, files, peak, formula, flopsPerToken, onGpu, format, err);
            }
        }
    }

    /** The probes (one batch, or a search), each written to {@code files} as it finishes; then the report. */
    private int measure(BenchTarget target, TrainConfig template, Model model, ResultFiles files, Peak peak,
                        FlopsFormula formula, double flopsPerToken, boolean onGpu, OutputFormat format,
                        PrintWriter err) {
        String mode = batches.findMaxBatch ? BenchResult.BATCH_SEARCH : BenchResult.FIXED_BATCH;
        BenchResult.Header header = new BenchResult.Header(target.backend(), target.device(), template.threads(),
                ModelInfo.of(model), template.seq(), mode, template.memoryLimitBytes(), memoryLimit == null
                ? target.memoryCapacitySource() : "--memory-limit " + memoryLimit.text(), warmup, steps, seed,
                peak.flopsPerSecond(), peak.source(), formula.id(), formula.citation(), flopsPerToken,
                files.describe()).on(target.precision(), target.attention(), target.gemm());
        List<ProbeResult> rows = new ArrayList<>();
        int predictedMax = target.predictedMaxBatch(template, template.memoryLimitBytes());
        BatchSearch.Measure measure = (b, size) -> StepTiming.run(b, size, template.seq(), template.shape().vocab(),
                warmup, steps, seed);
        Consumer<Probe> onProbe = p -> {
            double predicted = target.predicted(template.withBatch(p.batch())).breakdown().total();
            ProbeResult row = ProbeResult.of(p, predicted, flopsPerToken, peak.flopsPerSecond());
            rows.add(row);
            err.println("napkin bench: " + BenchReport.progressLine(row));
            err.flush();
            files.write(new BenchReport(BenchResult.running(header, rows, predictedMax)), rows.size());
        };
        Integer found = null;
        if (batches.findMaxBatch) {
            found = BatchSearch.search(target.factory(), template, maxBatch, seed, measure, onProbe).maxBatch();
        } else {
            onProbe.accept(BatchSearch.probe(target.factory(), template, seed, measure));
        }
        List<String> notes = notes(model, onGpu);
        BenchReport report = new BenchReport(BenchResult.of(header, rows, found, predictedMax, true, notes));
        files.write(report, rows.size());
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
        Options.range(batches.batch, "--batch", 1, Options.MAX_BATCH);
        Options.range(maxBatch, "--max-batch", 1, Options.MAX_BATCH);
        Options.range(steps, "--steps", 1, 10_000);
        if (warmup >= 0) {
            Options.range(warmup, "--warmup", 0, 10_000);
        }
        ResultFiles.checkFolder(Options.outputFolder(out, "--out"), "--out");
    }

    private TrainConfig template(Model model) {
        // GPT-2's learned positions: a --seq above the context is refused, as by every command
        int sequence = Options.sequence(seq, model, new java.util.ArrayList<>());
        int threadCount = threads == null ? CpuInfo.logicalCores() : threads;
        return new TrainConfig(model.id(), model.requireShape("bench"), batches.batch == null ? 1 : batches.batch, sequence,
                threadCount, Long.MAX_VALUE, AdamWSettings.gpt2());
    }

    /** The limit: as given (at most what the device holds), refusing one the model states alone exceed. */
    private long memoryLimit(TrainConfig template, long capacity, BenchTarget target) {
        boolean cpu = target.backend().equals("cpu");
        long limit = capacity;
        if (memoryLimit != null) {
            double asked = memoryLimit.value();
            if (asked > capacity) {
                throw new IllegalArgumentException("--memory-limit " + memoryLimit.text() + " is more than "
                        + (cpu ? "the JVM heap has room for (" + Si.bytes(capacity) + "); "
                        + HeapAdvice.forLimit(asked, CpuInfo.physicalMemoryBytes())
                        : "the device has free (" + Si.bytes(capacity) + "); lower it"));
            }
            limit = (long) asked;
        }
        MemoryEstimate estimate = target.predicted(template);
        double states = estimate.breakdown().modelStates();
        if (states > limit) {
            String need = Si.bytes(states) + " that " + template.modelId() + "'s weights, gradients and AdamW moments "
                    + String.format(Locale.ROOT, "need (%.0f bytes per parameter)", states / estimate.model()
                    .totalParams());
            long advice = (long) Math.ceil(2 * states / 0x1p30);
            if (memoryLimit == null) {
                throw new IllegalArgumentException((cpu ? "the JVM heap's free room, " : "the device's free memory, ")
                        + Si.bytes(limit) + ", is below the " + need + "; " + (cpu
                        ? HeapAdvice.forBytes(states, CpuInfo.physicalMemoryBytes()) : "use a smaller model"));
            }
            throw new IllegalArgumentException("--memory-limit " + memoryLimit.text() + " is below the " + need
                    + "; give more, e.g. --memory-limit " + advice + "GiB");
        }
        return limit;
    }

    /** The peak MFU divides by, and where it comes from. */
    record Peak(double flopsPerSecond, String source) {
    }

    Peak peak(BenchTarget target, int threadCount, PrintWriter err) {
        if (peakTflops != null) {
            return new Peak(peakTflops.value() * 1e12, "--peak-tflops " + peakTflops.text());
        }
        String specId = gpu;
        if (specId == null && target instanceof GpuBenchTarget g && g.gpu() instanceof CudaDevice cuda) {
            specId = GpuTargets.specId(cuda.name()).orElse(null);
        }
        if (specId != null) {
            GpuSpec g = GpuOption.catalog(null).find(specId);
            ComputeDtype dtype = switch (GpuPrecision.parse(target.precision())) {
                case FP32 -> ComputeDtype.FP32;
                case TF32 -> ComputeDtype.TF32;
                case BF16_MIXED -> ComputeDtype.BF16;
            };
            return new Peak(g.requirePeakFlopsPerSec(dtype), g.id() + "'s dense " + dtype.id() + " peak ("
                    + (gpu != null ? "--gpu " + gpu : "the device's entry in napkin's GPU table") + ")");
        }
        if (target.backend().equals("cuda")) {
            throw new IllegalArgumentException(target.device() + " is not in napkin's GPU table: give --gpu NAME "
                    + "(napkin gpus lists them) or --peak-tflops");
        }
        err.println("napkin bench: measuring the CPU's FMA peak on " + threadCount + " thread"
                + (threadCount == 1 ? "" : "s") + "...");
        err.flush();
        FmaPeak p = FmaPeak.measure(threadCount, 5, 0.2);
        return new Peak(p.flopsPerSecond(), String.format(Locale.ROOT,
                "FMA microbenchmark: %d thread%s x %.2fe9 FMA/s x 2 FLOPs x %d fp32 lanes", threadCount,
                threadCount == 1 ? "" : "s", p.fmasPerSecondPerThread() / 1e9, p.lanes()));
    }

    private static List<String> notes(Model model, boolean onGpu) {
        List<String> notes = new ArrayList<>();
        if (onGpu) {
            notes.add("peak memory is the device memory the probe took (free memory before it allocated, less the "
                    + "least free after a step); predicted is the estimator for napkin's GPU trainer (fp32 "
                    + "gradients, master weights in bf16-mixed, LayerNorm statistics, one logits copy, the "
                    + "attention path's buffers and the backward workspace)");
        } else {
            notes.add("peak memory is the plan's total: every buffer is allocated when a probe opens and lives to its "
                    + "end; predicted is the estimator for a hand-written fp32 trainer (napkin memory's model with "
                    + "LayerNorm statistics, one logits copy and the backward workspace), without the per-thread "
                    + "scratch");
        }
        if (model.trainingDropout()) {
            notes.add(model.id() + " was trained with dropout; the harness measures without it "
                    + "(drop_rate 0.0), which leaves out only the dropout masks");
        }
        return notes;
    }

    /** A model id as part of a file name. */
    static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
