package dev.napkin.estimator.units;

import java.util.Locale;

/** Number formatting for people: SI prefixes for counts and FLOPs (1e9 = G), IEC for bytes (2^30 = GiB). */
public final class Si {
    private Si() {
    }

    /** {@code 124.4M}, {@code 70.55B}, {@code 15T}: parameter and token counts (B for 1e9, as papers write). */
    public static String count(double value) {
        String[] suffix = {"", "K", "M", "B", "T", "P", "E"};
        int i = 0;
        double v = value;
        while (Math.abs(v) >= 1000 && i < suffix.length - 1) {
            v /= 1000;
            i++;
        }
        return trim(String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 10 ? "%.2f" : "%.3f", v))
                + suffix[i];
    }

    /** With an SI prefix and a unit: {@code 2.48 GWh}, {@code 989 TFLOP/s}. */
    public static String prefixed(double value, String unit) {
        String[] prefix = {"", "k", "M", "G", "T", "P", "E"};
        int i = 0;
        double v = value;
        while (Math.abs(v) >= 1000 && i < prefix.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v)
                + " " + prefix[i] + unit;
    }

    /** Scientific with three significant digits: {@code 3.14e+23}. */
    public static String sci(double value) {
        return String.format(Locale.ROOT, "%.3g", value).contains("e")
                ? String.format(Locale.ROOT, "%.2e", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    /**
     * Bytes in GiB with two decimals, {@code 74.51 GiB}; from 10,000 GiB on in the next IEC unit that keeps the
     * figure readable ({@code 6.61 TiB}, {@code 3.20 EiB}), and beyond 10,000 EiB in powers of ten of EiB.
     */
    public static String gib(double bytes) {
        String[] units = {"GiB", "TiB", "PiB", "EiB"};
        double v = bytes / 0x1p30;
        int i = 0;
        while (Math.abs(v) >= 1e4 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return (Math.abs(v) >= 1e4 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.2f", v))
                + " " + units[i];
    }

    /**
     * Bytes in the IEC unit that reads best at any size: {@link #gib} from 1 GiB on, below it MiB or KiB with two
     * decimals ({@code 63.87 MiB}, not {@code 0.06 GiB}), and whole bytes below 1 KiB; for measurements of small
     * models, where a column of GiB would read 0.00.
     */
    public static String bytes(double bytes) {
        double magnitude = Math.abs(bytes);
        if (magnitude >= 0x1p30) {
            return gib(bytes);
        }
        if (magnitude >= 0x1p20) {
            return String.format(Locale.ROOT, "%.2f MiB", bytes / 0x1p20);
        }
        if (magnitude >= 0x1p10) {
            return String.format(Locale.ROOT, "%.2f KiB", bytes / 0x1p10);
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }

    /**
     * A duration in the unit that reads best: {@code 12.345 ms} below a second, then {@code 4.20 s},
     * {@code 3.50 h} from two hours, {@code 143.93 days} from two days, and {@code 3.61e+07 days} beyond 100,000.
     */
    public static String duration(double seconds) {
        if (Math.abs(seconds) < 1) {
            return String.format(Locale.ROOT, "%.3f ms", seconds * 1e3);
        }
        if (Math.abs(seconds) < 7200) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (Math.abs(seconds) < 2 * 86400) {
            return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
        }
        double days = seconds / 86400;
        return (Math.abs(days) < 1e5 ? String.format(Locale.ROOT, "%.2f", days) : String.format(Locale.ROOT, "%.2e", days))
                + " days";
    }

    /** A fixed number of decimals, locale-independent. */
    public static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String trim(String s) {
        if (!s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
