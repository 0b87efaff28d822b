package dev.napkin.cli;

import dev.napkin.gpu.GpuCatalog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "gpus", mixinStandardHelpOptions = true,
        header = "The accelerator table: memory, bandwidth, dense peaks.",
        description = {"The accelerator table: memory, bandwidth, dense peak FLOP/s per dtype, TDP,",
                "links, sources. Peaks are dense tensor-core rates; NVIDIA's headline figures",
                "for Ampere and later are with 2:4 sparsity and are halved here."},
        footer = {"",
                "Examples:",
                "  napkin gpus",
                "  napkin gpus h100-sxm --format json",
                "  napkin gpus --gpu-specs my-gpus.json  # your file adds or overrides entries"})
final class GpusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption formatOption;

    @Parameters(arity = "0..1", paramLabel = "GPU", description = "Show one GPU (id or alias).")
    String gpu;

    @Option(names = "--gpu-specs", paramLabel = "FILE", description = "A JSON file of GPUs that adds to or overrides the table.")
    Path gpuSpecs;

    @Override
    public Integer call() {
        GpuCatalog catalog = GpuOption.catalog(gpuSpecs);
        Report report = gpu == null ? new GpusReport(catalog.all()) : new GpuReport(catalog.find(gpu));
        Output.print(report, formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
