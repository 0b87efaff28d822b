package dev.napkin.cli;

import java.util.Locale;

/** {@code --format table|json|csv}. */
enum OutputFormat {
    TABLE, JSON, CSV;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
