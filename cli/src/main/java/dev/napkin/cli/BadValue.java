package dev.napkin.cli;

import java.util.function.BiFunction;
import picocli.CommandLine.TypeConversionException;

/**
 * The words of a refused option value. picocli does not tell a converter which option it converts, so a converter
 * writes {@link #OPTION} where the option's name goes and {@link Errors} puts the name in: every bad value reads
 * "--flag 'value' what is wrong; the fix", whichever converter refused it.
 */
final class BadValue {
    /** Stands for the option's name until the refusal reaches {@link Errors}. */
    static final String OPTION = "\u0001option\u0001";

    private BadValue() {
    }

    /** "OPTION 'text' problem". */
    static String of(String text, String problem) {
        return OPTION + " '" + text + "' " + problem;
    }

    /**
     * Runs one of the estimator's parsers, which word their refusals "WHAT 'text' ..." with the WHAT they are given,
     * as a picocli conversion; a refusal from deeper down that does not name the value (a range's "must start at
     * 1") gets the option and the value put in front.
     */
    static <T> T parse(String text, BiFunction<String, String, T> parser) {
        try {
            return parser.apply(text, OPTION);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw new TypeConversionException(message.contains(OPTION) ? message : of(text, "is refused: " + message));
        }
    }

    /** The refusal with the option's name in place, or null where {@code message} is not one of these. */
    static String named(String message, String option) {
        return message != null && message.contains(OPTION) ? message.replace(OPTION, option) : null;
    }
}
