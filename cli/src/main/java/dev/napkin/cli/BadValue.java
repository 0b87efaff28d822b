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
     * as a picocli conversion.
     */
    static <T> T parse(String text, BiFunction<String, String, T> parser) {
        try {
            return parser.apply(text, OPTION);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The refusal with the option's name in place, or null where {@code message} is not one of these. */
    static String named(String message, String option) {
        return message != null && message.contains(OPTION) ? message.replace(OPTION, option) : null;
    }
}
