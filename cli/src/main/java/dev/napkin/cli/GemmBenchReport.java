package dev.napkin.cli;

import dev.napkin.estimator.units.Si;
import dev.napkin.harness.gpu.GemmBench;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench --gemm}: the GEMMs of one training step, each timed with every GEMM the device has, in TFLOP/s and
 * as a share of the dense peak; and per GEMM engine, the time all of a step's GEMMs take.
 */
record GemmBenchReport(String backend, String device, String model, int batch, int seq, String precision,
                       String attention, double peakFlopsPerS, String peakSource, List<Row> gemms,
                       List<Total> totals, List<String> files) implements Report {
    /** One shape with one engine. */
    record Row(String engine, String name, String transA, String transB, int m, int n, int k, int batches,
               int perStep, String inputs, String output, double secondsPerCall, double tflops,
               double fractionOfPeak, double errorVsFirst) {
        static Row of(GemmBench.Row r) {
            var s = r.shape();
            return new Row(r.engine(), s.name(), s.transA().name(), s.transB().name(), s.m(), s.n(), s.k(),
                    s.batches(), s.perStep(), s.inputs().suffix(), s.output().suffix(), r.secondsPerCall(),
                    r.flopsPerSecond() / 1e12, r.fractionOfPeak(), r.errorVsFirst());
        }
    }

    /** All of a step's GEMMs with one engine: Σ per step × time per call, and the TFLOP/s that makes. */
    record Total(String engine, double stepSeconds, double stepFlops, double tflops, double fractionOfPeak) {
    }

    static GemmBenchReport of(String backend, String device, String model, int batch, int seq, String precision,
                              String attention, double peak, String peakSource, List<GemmBench.Row> rows,
                              List<String> files) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // engine -> seconds, flops
        for (GemmBench.Row r : rows) {
            double[] t = sums.computeIfAbsent(r.engine(), e -> new double[2]);
            t[0] += r.secondsPerCall() * r.shape().perStep();
            t[1] += r.shape().stepFlops();
        }
        List<Total> totals = new ArrayList<>();
        sums.forEach((engine, t) -> totals.add(new Total(engine, t[0], t[1], t[1] / t[0] / 1e12, t[1] / t[0] / peak)));
        return new GemmBenchReport(backend, device, model, batch, seq, precision, attention, peak, peakSource,
                rows.stream().map(Row::of).toList(), totals, files);
    }

    @Override
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "GEMMs of one %s training step (batch %d x seq %d, %s, %s attention) on "
                + "%s%n%n", model, batch, seq, precision, attention, device));
        b.append(String.format(Locale.ROOT, "  %-22s %-4s %6s %6s %6s %5s %4s  %-10s %10s %9s %7s %9s%n", "gemm",
                "op", "m", "n", "k", "batch", "x", "engine", "ms/call", "TFLOP/s", "peak", "vs first"));
        for (Row r : gemms) {
            b.append(String.format(Locale.ROOT, "  %-22s %-4s %6d %6d %6d %5d %4d  %-10s %10.3f %9.1f %6.1f%% %9.1e%n",
                    r.name, r.transA + r.transB, r.m, r.n, r.k, r.batches, r.perStep, shortEngine(r.engine),
                    r.secondsPerCall * 1e3, r.tflops, 100 * r.fractionOfPeak, r.errorVsFirst));
        }
        b.append('\n');
        for (Total t : totals) {
            b.append(String.format(Locale.ROOT, "  %-10s all GEMMs of a step: %s in %.2f ms = %.1f TFLOP/s, %.1f%% "
                    + "of the peak%n", shortEngine(t.engine), Si.prefixed(t.stepFlops, "FLOP"), t.stepSeconds * 1e3, t.tflops,
                    100 * t.fractionOfPeak));
        }
        b.append(String.format(Locale.ROOT, "%n  engines          %s%n", String.join("; ", totals.stream()
                .map(Total::engine).toList())));
        b.append(String.format(Locale.ROOT, "  peak             %s (%s)%n", Si.prefixed(peakFlopsPerS, "FLOP/s"),
                peakSource));
        b.append("  timing           warm-up calls, then timed calls between two device events; per call: the mean\n");
        b.append("  vs first         relative L2 difference of C from the first engine's, same inputs, C from zero\n");
        if (!files.isEmpty()) {
            b.append("  results          ").append(String.join(", ", files)).append('\n');
        }
        return b.toString();
    }

    /** The engine's first word for the table (the full name is in the footer and the JSON). */
    private static String shortEngine(String engine) {
        return engine.startsWith("napkin") ? "napkin" : engine.split(" ")[0];
    }

    @Override
    public String csvRowsField() {
        return "gemms";
    }
}
