package dev.napkin.reports;

import dev.napkin.estimator.units.Si;
import java.util.Locale;

/**
 * How a table cell reads on the page. The CSV keeps full numbers in the unit its column name gives; the page
 * shows them as a person reads them, decided by that unit suffix: bytes in IEC units (GiB, MiB below one GiB), FLOPs and counts with SI
 * prefixes, utilisation in percent.
 */
final class CellFormat {
    private CellFormat() {
    }

    static String number(String column, double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (column.endsWith("_bytes")) {
            return Si.bytes(v);
        }
        if (column.endsWith("flops_per_s")) {
            return Si.prefixed(v, "FLOP/s");
        }
        if (column.endsWith("flops") || column.equals("flops_per_token")) {
            return Si.sci(v);
        }
        if (column.equals("mfu") || column.equals("hfu") || column.endsWith("_mfu") || column.endsWith("_hfu")) {
            return Si.fixed(100 * v, 1) + "%";
        }
        if (column.equals("days")) {
            return Si.fixed(v, v < 10 ? 2 : 1);
        }
        if (column.equals("cost_usd") || column.startsWith("price_usd")) {
            return "$" + (v < 1000 ? Si.fixed(v, 2) : Si.count(v));
        }
        if (column.equals("tokens") || column.equals("gpu_hours") || column.equals("tokens_per_s")) {
            return Si.count(v);
        }
        if (column.endsWith("_s")) {
            return String.format(Locale.ROOT, "%.4g ms", v * 1e3);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
