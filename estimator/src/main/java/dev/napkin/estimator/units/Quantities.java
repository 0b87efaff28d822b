package dev.napkin.estimator.units;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses what people type: counts with SI suffixes ({@code 70B}, {@code 1.5T}, {@code 15e12}, {@code 124M}) and
 * byte sizes with SI or IEC units ({@code 80GB} = 80e9 bytes, {@code 80GiB} = 80 * 2^30 bytes). Every refusal is
 * one line that names the value and shows a form that works.
 */
public final class Quantities {
    private static final Pattern NUMBER_AND_UNIT =
            Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([A-Za-z%]*)\\s*");

    private Quantities() {
    }

    /** A count such as parameters or tokens: K=1e3, M=1e6, B or G=1e9, T=1e12, P=1e15 (SI, case-insensitive). */
    public static double count(String text, String what) {
        return count(text, what, "70B, 1.5T, 15e12 or 124M");
    }

    private static double count(String text, String what, String example) {
        Matcher m = match(text, what, example);
        double value = Double.parseDouble(m.group(1));
        double scale = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "" -> 1;
            case "K" -> 1e3;
            case "M" -> 1e6;
            case "B", "G" -> 1e9;
            case "T" -> 1e12;
            case "P" -> 1e15;
            default -> throw new IllegalArgumentException(what + " '" + text + "' has an unknown suffix '" + m.group(2)
                    + "'; use K, M, B (or G), T or P, e.g. 70B or 15e12");
        };
        return positiveFinite(value * scale, text, what);
    }

    /** A count that must be a whole number of at least 1 (GPUs, batch, sequence length). */
    public static long wholeCount(String text, String what) {
        double value = count(text, what, "a whole number such as 8 or 1K");
        if (value != Math.rint(value) || value > Long.MAX_VALUE) {
            throw new IllegalArgumentException(what + " '" + text + "' must be a whole number");
        }
        return (long) value;
    }

    /**
     * Bytes: KB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB are powers of 1024; B is bytes. A bare number is
     * refused: "80" meant as 80 GB would silently be 80 bytes.
     */
    public static double bytes(String text, String what) {
        Matcher m = match(text, what, "80GB (80e9 bytes) or 80GiB (80 x 2^30 bytes)");
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        double scale = switch (unit.toUpperCase(Locale.ROOT)) {
            case "" -> throw new IllegalArgumentException(what + " '" + text + "' has no unit; write " + m.group(1)
                    + "GB (powers of 1000) or " + m.group(1) + "GiB (powers of 1024)");
            case "B" -> 1;
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "KIB" -> 0x1p10;
            case "MIB" -> 0x1p20;
            case "GIB" -> 0x1p30;
            case "TIB" -> 0x1p40;
            case "K", "M", "G", "T" -> throw new IllegalArgumentException(what + " '" + text + "' is ambiguous; write "
                    + m.group(1) + unit + "B (powers of 1000) or " + m.group(1) + unit + "iB (powers of 1024)");
            default -> throw new IllegalArgumentException(what + " '" + text + "' has an unknown unit '" + unit
                    + "'; use GB (1e9 bytes) or GiB (2^30 bytes), e.g. 80GB");
        };
        return positiveFinite(value * scale, text, what);
    }

    /** A fraction in (0, 1]: {@code 0.5} or {@code 50%}. */
    public static double fraction(String text, String what) {
        Matcher m = match(text, what, "0.5 or 50%");
        double value = Double.parseDouble(m.group(1));
        if (m.group(2).equals("%")) {
            value /= 100;
        } else if (!m.group(2).isEmpty()) {
            throw new IllegalArgumentException(what + " '" + text + "' must be a fraction such as 0.5 or 50%");
        }
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " '" + text + "' must be in (0, 1], e.g. 0.5 or 50%");
        }
        return value;
    }

    /**
     * Refuses a value beyond what any real run has: {@code --params 7e18} is a typo, not a model.
     *
     * @param limit the largest plausible value, named in the message with {@code why}
     */
    public static double atMost(double value, double limit, String text, String what, String why) {
        if (value > limit) {
            throw new IllegalArgumentException(what + " '" + text + "' is beyond " + why + "; check the value and its suffix");
        }
        return value;
    }

    /** Refuses a value below what can be meant, the counterpart of {@link #atMost}. */
    public static double atLeast(double value, double limit, String text, String what, String why) {
        if (value < limit) {
            throw new IllegalArgumentException(what + " '" + text + "' is below " + why + "; check the value and its suffix");
        }
        return value;
    }

    /** A plain positive number (prices, TFLOP/s). */
    public static double positive(String text, String what) {
        Matcher m = match(text, what, "a positive number such as 2.5");
        if (!m.group(2).isEmpty()) {
            throw new IllegalArgumentException(what + " '" + text + "' must be a plain number (no unit '" + m.group(2) + "')");
        }
        return positiveFinite(Double.parseDouble(m.group(1)), text, what);
    }

    private static Matcher match(String text, String what, String example) {
        Matcher m = NUMBER_AND_UNIT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number; write it as " + example);
        }
        return m;
    }

    private static double positiveFinite(double value, String text, String what) {
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " '" + text + "' is too large to be meant");
        }
        if (!(value > 0)) {
            throw new IllegalArgumentException(what + " '" + text + "' must be greater than zero");
        }
        return value;
    }
}
