package dev.napkin.cli;

import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.ParameterCount;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
        header = "Model presets and their exact parameter counts.",
        description = "The model presets and their exact parameter counts, computed from each shape.",
        footer = {"",
                "Examples:",
                "  napkin models",
                "  napkin models gpt2-small --format json  # params 124439808"})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FormatOption formatOption;

    @Parameters(arity = "0..1", paramLabel = "PRESET", description = "Show one preset with its shape.")
    String preset;

    @Override
    public Integer call() {
        Report report = preset == null
                ? new ModelsReport(ModelPresets.builtIn().all().stream().map(ModelsCommand::entry).toList())
                : entry(ModelPresets.builtIn().find(preset));
        Output.print(report, formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private static ModelsReport.Entry entry(ModelPresets.Preset p) {
        Model m = p.model();
        ModelInfo info = ModelInfo.of(m);
        ParameterCount count = m.parameterCount().orElseThrow();
        return new ModelsReport.Entry(m.id(), m.description(), info.params(), info.activeParams(), count.nonEmbedding(),
                info.shape(), p.source(), p.notes());
    }
}
