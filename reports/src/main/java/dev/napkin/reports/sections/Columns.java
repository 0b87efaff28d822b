package dev.napkin.reports.sections;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;

/** Appending optional values to tablesaw columns: absent (or null) becomes a missing cell (an empty CSV field). */
final class Columns {
    private Columns() {
    }

    static void append(DoubleColumn column, OptionalDouble value) {
        if (value.isPresent()) {
            column.append(value.getAsDouble());
        } else {
            column.appendMissing();
        }
    }

    static void append(DoubleColumn column, Double value) {
        if (value != null) {
            column.append(value);
        } else {
            column.appendMissing();
        }
    }

    static void append(IntColumn column, OptionalInt value) {
        if (value.isPresent()) {
            column.append(value.getAsInt());
        } else {
            column.appendMissing();
        }
    }

    /** Bytes are whole numbers; the CSV writes them without an exponent. */
    static void appendRounded(LongColumn column, Double value) {
        if (value != null) {
            column.append(Math.round(value));
        } else {
            column.appendMissing();
        }
    }
}
