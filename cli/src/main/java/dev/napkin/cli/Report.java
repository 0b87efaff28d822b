package dev.napkin.cli;

/**
 * A command's typed result. JSON comes from the record's components (snake_case), CSV from the same tree, and
 * the table from {@link #table()}.
 */
interface Report {
    /** The human-readable form. */
    String table();

    /** The JSON form: the record's components, snake_case. */
    default String json() {
        return Output.json(this);
    }

    /** The name of the list component whose elements become CSV rows; null makes the whole report one row. */
    default String csvRowsField() {
        return null;
    }
}
