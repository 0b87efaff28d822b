package dev.napkin.cli;

import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.ContextLength;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.units.Si;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.reports.ReportFolder;
import dev.napkin.reports.ReportPage;
import dev.napkin.reports.Reports;
import dev.napkin.reports.SweepDefaults;
import dev.napkin.reports.sections.MemorySweep;
import dev.napkin.reports.sections.TimeSweep;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        header = "Charts of memory, days and cost over ranges.", sortOptions = false,
        description = {"The estimator over ranges, as charts, CSV tables and an HTML page: memory per",
                "GPU for several models or batch sizes against the GPU's capacity, and days and",
                "cost to train one model against GPU count at several MFU values; one chart of",
                "each per precision."},
        footer = {"",
                "Examples:",
                "  napkin sweep --out sweep  # the defaults above",
                "  napkin sweep --out r --models llama3-8b --batches 1,2,4,8 --seq 8192 \\",
                "      --flash-attention",
                "  napkin sweep --out r --time-model llama3-405b --tokens 15.6T \\",
                "      --gpu-counts 1024..16384 --mfu 0.38,0.41 --price-per-gpu-hour 2"})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "REPORT_DIR", required = true,
            description = "Where to write index.html, the PNGs and CSVs: a new or empty folder, or an earlier report.")
    Path out;

    @Option(names = "--models", paramLabel = "PRESETS", defaultValue = SweepDefaults.MODELS,
            converter = Converters.Names.class,
            description = "Memory chart: presets, comma-separated. Default: ${DEFAULT-VALUE}.")
    Converters.Listed<String> models;

    @Option(names = "--batches", paramLabel = "B,...", defaultValue = SweepDefaults.BATCHES,
            converter = Converters.Batches.class,
            description = "Memory chart: micro-batch sizes (several need a single --models). Default: ${DEFAULT-VALUE}.")
    Converters.Listed<Integer> batches;

    @Option(names = "--seq", paramLabel = "T", defaultValue = "" + SweepDefaults.SEQ,
            description = "Memory chart: sequence length. Default: ${DEFAULT-VALUE}.")
    int seq;

    @Option(names = "--precisions", paramLabel = "P,...", defaultValue = SweepDefaults.PRECISIONS,
            converter = Converters.PrecisionList.class, completionCandidates = Choices.Precisions.class,
            description = "Both charts, one figure each, of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Converters.Listed<Precision> precisions;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "adamw",
            converter = Choices.Optimizers.class, completionCandidates = Choices.Optimizers.class,
            description = "Optimizer state (memory) and the fewest GPUs that hold the model (time): "
                    + "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Optimizer optimizer;

    @Option(names = "--recompute", paramLabel = "POLICY", defaultValue = "none", converter = Choices.Recomputes.class,
            description = "Memory chart: none (default), selective or full activation recomputation.")
    Recompute recompute;

    @Option(names = "--flash-attention", description = "Memory chart: fused attention, no NH x T x T scores stored.")
    boolean flashAttention;

    @Mixin
    ParallelOptions parallelOptions;

    @Mixin
    GpuOption gpuOption;

    @Option(names = "--time-model", paramLabel = "PRESET", defaultValue = SweepDefaults.TIME_MODEL,
            description = "Time chart: the model to train. Default: ${DEFAULT-VALUE}.")
    String timeModel;

    @Option(names = "--tokens", paramLabel = "COUNT",
            converter = Converters.GivenTokens.class,
            description = "Time chart: the token budget, e.g. 15T (default: 20 per parameter, Chinchilla's ratio).")
    Converters.Given tokens;

    @Option(names = "--gpu-counts", paramLabel = "N,...", defaultValue = SweepDefaults.GPU_COUNTS,
            converter = Converters.GpuCounts.class,
            description = "Time chart: GPU counts; A..B is A, 2A, 4A, ... up to B. Default: ${DEFAULT-VALUE}.")
    Converters.Listed<Integer> gpuCounts;

    @Option(names = "--mfu", paramLabel = "F,...", defaultValue = SweepDefaults.MFUS, converter = Converters.Mfus.class,
            description = "Time chart: MFU values, one line each (0.4 or 40%%). Default: ${DEFAULT-VALUE}.")
    Converters.Listed<Double> mfus;

    @Option(names = "--price-per-gpu-hour", paramLabel = "USD", converter = Converters.Price.class,
            description = "Time chart: dollars instead of GPU-hours in the right panel.")
    Double price;

    @Mixin
    FormatOption formatOption;

    @Override
    public Integer call() {
        GpuSpec gpu = gpuOption.resolve();
        List<Precision> precisionList = precisions.values();
        for (Precision p : precisionList) {
            Options.requirePeak(gpu, p.computeDtype(), "give --precisions it has or another --gpu");
        }
        ReportFolder.check(Options.outputFolder(out, "--out"));
        List<Model> modelList = models.values().stream().map(id -> preset(id, "--models")).toList();
        List<Integer> batchList = batches.values();
        Options.range(seq, "--seq", 1, dev.napkin.estimator.model.ModelShape.MAX_CONTEXT);
        MemorySweep memory = new MemorySweep(modelList, precisionList, optimizer,
                batchList, seq, recompute, flashAttention, parallelOptions.resolve(), gpu);
        modelList.forEach(m -> ContextLength.check(m, seq)
                .ifPresent(n -> spec.commandLine().getErr().println("napkin sweep: note: " + n)));
        Model model = preset(timeModel, "--time-model");
        double budget;
        String budgetNote;
        if (tokens == null) {
            budget = SweepDefaults.TOKENS_PER_PARAM * model.totalParams();
            budgetNote = Si.count(budget) + " tokens, 20 per parameter (Chinchilla's compute-optimal ratio, Hoffmann "
                    + "et al. 2022, table 3; give --tokens to change it)";
        } else {
            budget = tokens.value();
            budgetNote = Si.count(budget) + " tokens (--tokens " + tokens.text() + ")";
        }
        TimeSweep time = new TimeSweep(model, budget, budgetNote, gpuCounts.values(), mfus.values(), precisionList,
                optimizer, gpu, price == null ? OptionalDouble.empty() : OptionalDouble.of(price));
        ReportPage page = Reports.sweep(memory, time, ReportContexts.of(spec));
        ReportFolder.Written written = ReportFolder.write(out, page);
        Output.print(FolderReport.of("sweep", written, page), formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private static Model preset(String id, String flag) {
        try {
            return ModelPresets.builtIn().find(id).model();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }
}
