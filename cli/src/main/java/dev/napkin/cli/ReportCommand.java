package dev.napkin.cli;

import dev.napkin.gpu.ComputeDtype;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.reports.ReportFolder;
import dev.napkin.reports.ReportPage;
import dev.napkin.reports.Reports;
import dev.napkin.reports.harness.HarnessResults;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Charts and tables from bench results.", sortOptions = false,
        description = {"Charts, CSV tables and an HTML page from harness results: each batch search",
                "(tokens/s and MFU against batch size), and a roofline of its step on a GPU with",
                "the measured step beside the predicted ones."},
        footer = {"",
                "Example:",
                "  napkin bench --backend cpu --model gpt2-small --seq 256 --find-max-batch \\",
                "      --memory-limit 4GiB --out results",
                "  napkin report --from results --out report  # then open report/index.html"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "RESULTS_DIR", required = true,
            description = "The folder `napkin bench --out` wrote (its *.json batch-search files are read).")
    Path from;

    @Option(names = "--out", paramLabel = "REPORT_DIR", required = true,
            description = "Where to write index.html, the PNGs and CSVs: a new or empty folder, or an earlier report.")
    Path out;

    @Mixin
    GpuOption gpuOption;

    @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "bf16",
            converter = Choices.Dtypes.class, completionCandidates = Choices.Dtypes.class,
            description = "The roofline's matmul dtype on --gpu: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ComputeDtype dtype;

    @Option(names = "--attention", paramLabel = "KIND", defaultValue = "naive", converter = Choices.Attentions.class,
            description = "naive (scores stored; default) or fused (FlashAttention-style), for the roofline.")
    AttentionKind attention;

    @Mixin
    FormatOption formatOption;

    @Override
    public Integer call() {
        AttentionKind kind = attention;
        ComputeDtype d = dtype;
        var gpu = gpuOption.resolve();
        Options.requirePeak(gpu, d, "give a --dtype it has or another --gpu");
        Options.outputFolder(from, "--from");
        ReportFolder.check(Options.outputFolder(out, "--out"));
        HarnessResults.Loaded loaded = HarnessResults.read(from);
        for (String w : loaded.warnings()) {
            spec.commandLine().getErr().println("napkin report: warning: " + w);
        }
        spec.commandLine().getErr().flush();
        ReportPage page = Reports.fromHarness(loaded, gpu, d, kind, ReportContexts.of(spec));
        ReportFolder.Written written = ReportFolder.write(out, page);
        Output.print(FolderReport.of("report", written, page), formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
