package dev.napkin.cli;

import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Precision;
import picocli.CommandLine.Option;

/** Mixin: how model states are stored, {@code --precision} and {@code --optimizer}. */
final class StateOptions {
    @Option(names = "--precision", paramLabel = "P", defaultValue = "bf16-mixed",
            converter = Choices.Precisions.class, completionCandidates = Choices.Precisions.class,
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "adamw",
            converter = Choices.Optimizers.class, completionCandidates = Choices.Optimizers.class,
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Optimizer optimizer;

    Precision precision() {
        return precision;
    }

    Optimizer optimizer() {
        return optimizer;
    }
}
