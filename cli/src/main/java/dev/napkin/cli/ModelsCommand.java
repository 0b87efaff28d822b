package dev.napkin.cli;

import dev.napkin.estimator.hub.HubModels;
import dev.napkin.estimator.hub.HubPreset;
import dev.napkin.estimator.hub.HubPresets;
import dev.napkin.estimator.hub.HubSettings;
import dev.napkin.estimator.model.LayerLayout;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.MultiTokenPrediction;
import dev.napkin.estimator.units.Si;
import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.ParameterCount;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    @Parameters(arity = "0..1", paramLabel = "PRESET|ORG/NAME",
            description = "Show one preset or Hugging Face model (bundled, cached, or with --online downloaded).")
    String preset;

    @Option(names = "--online", description = "Download an ORG/NAME config.json from the Hub when it is neither "
            + "bundled nor in the Hugging Face cache (NAPKIN_ONLINE=1 does the same).")
    boolean online;

    @Override
    public Integer call() {
        Report report;
        if (preset == null) {
            List<ModelsReport.Entry> entries = new ArrayList<>(
                    ModelPresets.builtIn().all().stream().map(ModelsCommand::entry).toList());
            HubPresets.builtIn().all().stream().map(ModelsCommand::hubEntry).forEach(entries::add);
            report = new ModelsReport(entries);
        } else if (HubModels.looksLikeHubId(preset)) {
            report = HubPresets.builtIn().find(preset).map(ModelsCommand::hubEntry).orElseGet(() -> {
                Model m = HubModels.resolve(preset, HubSettings.fromEnvironment(System.getenv(), online));
                return hubEntry(m, null, null);
            });
        } else {
            report = entry(ModelPresets.builtIn().find(preset));
        }
        Output.print(report, formatOption.get(), spec.commandLine().getOut());
        return ExitCode.OK;
    }

    private static ModelsReport.Entry hubEntry(HubPreset p) {
        String notes = "published: " + p.published() + ". Checked against: " + p.checkedAgainst() + "."
                + (p.notes() == null ? "" : " " + p.notes());
        return hubEntry(p.model(), p.source(), notes);
    }

    private static ModelsReport.Entry hubEntry(Model m, String source, String notes) {
        ModelInfo info = ModelInfo.of(m);
        ParameterCount count = m.parameterCount().orElseThrow();
        String layers = m.shape().filter(sh -> sh.layoutOrNull() != null).map(ModelsCommand::layers).orElse("");
        String all = String.join(" ", java.util.stream.Stream.of(layers, notes).filter(s -> s != null && !s.isEmpty())
                .toList());
        return new ModelsReport.Entry(m.id(), m.description(), info.params(), info.activeParams(), count.nonEmbedding(),
                info.shape(), source == null ? m.description() : source, all.isEmpty() ? null : all);
    }

    /** "Layers: 3 x mla+mlp, full; 58 x mla+moe, full. Multi-token prediction: 1 module, 11.61B apart." */
    private static String layers(ModelShape shape) {
        LayerLayout layout = shape.layoutOrNull();
        StringBuilder b = new StringBuilder("Layers (" + layout.architecture() + "): ");
        List<String> kinds = new ArrayList<>();
        layout.kinds().forEach((kind, n) -> kinds.add(n + " x " + kind));
        b.append(String.join("; ", kinds)).append('.');
        MultiTokenPrediction mtp = layout.mtpOrNull();
        if (mtp != null) {
            b.append(" Multi-token prediction: ").append(mtp.modules()).append(" module(s) of ")
                    .append(Si.count(mtp.params(shape.dModel()))).append(" parameters, not in the counts above (")
                    .append(Si.count(mtp.checkpointParams(shape.dModel(), shape.vocab())))
                    .append(" in the checkpoint, with its copies of the embedding and head).");
        }
        return b.toString();
    }

    private static ModelsReport.Entry entry(ModelPresets.Preset p) {
        Model m = p.model();
        ModelInfo info = ModelInfo.of(m);
        ParameterCount count = m.parameterCount().orElseThrow();
        return new ModelsReport.Entry(m.id(), m.description(), info.params(), info.activeParams(), count.nonEmbedding(),
                info.shape(), p.source(), p.notes());
    }
}
