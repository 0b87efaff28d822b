package dev.napkin.cli;

import dev.napkin.estimator.units.Quantities;
import dev.napkin.reports.Reports;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Comma-separated option values: {@code 0.3,0.4,0.5}, and for counts also ranges of powers of two, {@code 8..16384}. */
final class Lists {
    private Lists() {
    }

    static <T> List<T> of(String text, String flag, Function<String, T> parse) {
        List<String> items = Arrays.stream(text.split(",")).map(String::strip).toList();
        if (items.isEmpty() || items.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(flag + " '" + text + "' has an empty item; give values separated by commas");
        }
        return items.stream().map(parse).toList();
    }

    /**
     * Whole numbers and {@code A..B} ranges (A, 2A, 4A, ... up to B), in order, without repeats; each at most
     * {@code max} ({@code why} says what that is).
     */
    static List<Integer> counts(String text, String flag, double max, String why) {
        List<Integer> values = new ArrayList<>();
        for (List<Integer> part : of(text, flag, item -> {
            String[] ends = item.split("\\.\\.", -1);
            if (ends.length == 2) {
                return Reports.powersOfTwo(count(ends[0], flag, max, why), count(ends[1], flag, max, why));
            }
            return List.of(count(item, flag, max, why));
        })) {
            part.stream().filter(v -> !values.contains(v)).forEach(values::add);
        }
        return values;
    }

    private static int count(String text, String flag, double max, String why) {
        // max is at most ten million, so the cast cannot wrap
        return (int) Quantities.atMost(Quantities.wholeCount(text, flag), max, text, flag, why);
    }

    /** "a", "a or b", "a, b or c". */
    static String orList(List<String> words) {
        return words.size() <= 1 ? String.join("", words)
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
    }
}
