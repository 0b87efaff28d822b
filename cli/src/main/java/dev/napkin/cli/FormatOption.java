package dev.napkin.cli;

import picocli.CommandLine.Option;

/** Mixin: {@code --format table|json|csv}. */
final class FormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = Choices.Formats.class,
            description = "table (default), json or csv. JSON keys are snake_case; see the README for each field.")
    OutputFormat format;

    OutputFormat get() {
        return format;
    }
}
