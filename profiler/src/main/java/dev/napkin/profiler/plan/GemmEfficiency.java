package dev.napkin.profiler.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.napkin.lookup.InputFiles;
import dev.napkin.lookup.JsonTables;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The fraction of a GPU's dense matmul peak a GEMM reaches, by its size in FLOPs, and the fraction of the memory
 * bandwidth a memory-bound op reaches, by the bytes it moves: piecewise linear in log size between the table's
 * points. The built-in table ({@code napkin/gemm-efficiency.json}) puts the largest GEMMs at each GPU's measured
 * maximum achievable matmul FLOPS (Bekman, ml-engineering, MAMF table) and shapes the rest with Calculon's curve;
 * a measured table of the same schema replaces it ({@code --gemm-efficiency FILE}).
 *
 * @param name   what the table is ("published", or the name a measurement gave it): said with every prediction
 */
public record GemmEfficiency(@JsonProperty(required = true) String schema,
                             @JsonProperty(required = true) String name,
                             String description,
                             @JsonProperty(required = true) String source,
                             List<String> otherSources,
                             @JsonProperty(required = true) List<Curve> curves,
                             @JsonProperty(required = true) List<MemoryPoint> memory) {
    static final String SCHEMA = "napkin-gemm-efficiency/1";
    static final String RESOURCE = "/napkin/gemm-efficiency.json";
    private static final GemmEfficiency BUILT_IN = JsonTables.readResource(RESOURCE, GemmEfficiency.class);

    public GemmEfficiency {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema is '" + schema + "'; a GEMM efficiency table must say "
                    + "\"schema\": \"" + SCHEMA + "\"");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a GEMM efficiency table needs a \"name\" (what was measured, where)");
        }
        if (curves == null || curves.stream().noneMatch(c -> c.gpu().equals("default"))) {
            throw new IllegalArgumentException("a GEMM efficiency table needs a curve for \"gpu\": \"default\"");
        }
        if (memory == null || memory.isEmpty()) {
            throw new IllegalArgumentException("a GEMM efficiency table needs \"memory\" points (megabytes, fraction)");
        }
        curves = List.copyOf(curves);
        memory = memory.stream().sorted(Comparator.comparingDouble(MemoryPoint::megabytes)).toList();
        otherSources = otherSources == null ? List.of() : List.copyOf(otherSources);
    }

    /** One GPU's curve: achieved fraction of the dense peak by GEMM size. */
    public record Curve(@JsonProperty(required = true) String gpu, String note,
                        @JsonProperty(required = true) List<Point> points) {
        public Curve {
            if (gpu == null || gpu.isBlank()) {
                throw new IllegalArgumentException("a curve needs \"gpu\": a GPU id from `napkin gpus`, or \"default\"");
            }
            if (points == null || points.isEmpty()) {
                throw new IllegalArgumentException("curve for '" + gpu + "' has no points");
            }
            points = points.stream().sorted(Comparator.comparingDouble(Point::gflops)).toList();
        }
    }

    /** A GEMM of {@code gflops} GFLOP runs at {@code fraction} of the dense peak. */
    public record Point(@JsonProperty(required = true) double gflops, @JsonProperty(required = true) double fraction) {
        public Point {
            if (!(gflops >= 0) || Double.isInfinite(gflops)) {
                throw new IllegalArgumentException("gflops must be 0 or more, got " + gflops);
            }
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction must be in (0, 1] (achieved over peak), got " + fraction);
            }
        }
    }

    /** A memory-bound op moving {@code megabytes} MB reaches {@code fraction} of the bandwidth. */
    public record MemoryPoint(@JsonProperty(required = true) double megabytes,
                              @JsonProperty(required = true) double fraction) {
        public MemoryPoint {
            if (!(megabytes >= 0) || Double.isInfinite(megabytes)) {
                throw new IllegalArgumentException("megabytes must be 0 or more, got " + megabytes);
            }
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction must be in (0, 1] (achieved over peak), got " + fraction);
            }
        }
    }

    public static GemmEfficiency builtIn() {
        return BUILT_IN;
    }

    /**
     * A table measured on one GPU ({@code napkin bench --gemm}): its points for {@code gpuId} and as the default
     * curve, and the built-in table's memory-bound points (the GEMM benchmark measures no memory-bound op).
     */
    public static GemmEfficiency measured(String name, String description, String source, String gpuId,
                                          List<Point> points) {
        Curve curve = new Curve(gpuId, "measured", points);
        List<Curve> curves = gpuId.equals("default") ? List.of(curve)
                : List.of(curve, new Curve("default", "the same measurement", points));
        return new GemmEfficiency(SCHEMA, name, description, source, List.of(), curves, BUILT_IN.memory());
    }

    /** The table in the file format {@link #fromFile} reads. */
    public String toJson() {
        try {
            return JsonTables.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a GEMM efficiency table: " + e.getOriginalMessage(), e);
        }
    }

    /** A measured table, e.g. written by a GEMM benchmark of the local GPU. */
    public static GemmEfficiency fromFile(Path file) {
        return JsonTables.readFile(file, GemmEfficiency.class, "GEMM efficiency table", InputFiles.GPU_SPECS_LIMIT);
    }

    /** The curve for {@code gpuId}, or the default one. */
    public Curve curve(String gpuId) {
        return curves.stream().filter(c -> c.gpu().equals(gpuId)).findFirst()
                .orElseGet(() -> curves.stream().filter(c -> c.gpu().equals("default")).findFirst().orElseThrow());
    }

    /** Fraction of the dense peak a GEMM of {@code flops} reaches on the GPU whose curve this is. */
    public static double fraction(Curve curve, double flops) {
        List<Point> p = curve.points();
        double[] x = new double[p.size()];
        double[] y = new double[p.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = p.get(i).gflops() * 1e9;
            y[i] = p.get(i).fraction();
        }
        return interpolate(x, y, flops);
    }

    /** Fraction of the memory bandwidth an op moving {@code bytes} reaches. */
    public double memoryFraction(double bytes) {
        double[] x = new double[memory.size()];
        double[] y = new double[memory.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = memory.get(i).megabytes() * 1e6;
            y[i] = memory.get(i).fraction();
        }
        return interpolate(x, y, bytes);
    }

    /**
     * Linear in log10(size) between points; linear from a point at size 0 up to the first positive point; flat
     * beyond the ends.
     */
    static double interpolate(double[] x, double[] y, double size) {
        if (size <= x[0]) {
            return y[0];
        }
        for (int i = 1; i < x.length; i++) {
            if (size <= x[i]) {
                double t = x[i - 1] <= 0 ? size / x[i]
                        : Math.log(size / x[i - 1]) / Math.log(x[i] / x[i - 1]);
                return y[i - 1] + t * (y[i] - y[i - 1]);
            }
        }
        return y[x.length - 1];
    }
}
