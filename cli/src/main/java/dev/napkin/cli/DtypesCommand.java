package dev.napkin.cli;

import dev.napkin.estimator.dtype.NumberFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "dtypes", mixinStandardHelpOptions = true,
        header = "Number formats: bits, range and precision.",
        description = {"fp32, tf32, fp16, bf16, fp8 (e4m3, e5m2) and int8: bits, bytes, range and",
                "precision."},
        footer = {"",
                "Example:",
                "  napkin dtypes --format csv"})
final class DtypesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption formatOption;

    @Override
    public Integer call() {
        DtypesReport report = new DtypesReport(NumberFormat.ALL.stream().map(f -> new DtypesReport.Format(f.id(),
                f.description(), f.bits(), f.storageBytes(), f.signBits(), f.exponentBits(), f.mantissaBits(), f.max(),
                f.min(), f.smallestNormal(), f.smallestSubnormal(), f.epsilon())).toList());
        Output.print(report, formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
