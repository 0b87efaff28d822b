package dev.napkin.cli;

import dev.napkin.estimator.model.Model;
import dev.napkin.harness.BenchTarget;
import dev.napkin.harness.Backends;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.gpu.AttentionKind;
import dev.napkin.harness.gpu.GemmBench;
import dev.napkin.harness.gpu.GemmShapes;
import dev.napkin.harness.gpu.GpuBenchTarget;
import dev.napkin.harness.gpu.GpuOptions;
import dev.napkin.harness.gpu.GpuPrecision;
import dev.napkin.harness.gpu.GpuTargets;
import dev.napkin.harness.gpu.GpuVerify;
import dev.napkin.harness.gpu.cuda.CudaDevice;
import dev.napkin.profiler.plan.GemmEfficiency;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code napkin bench} does only on a GPU backend: the precision and attention options, {@code --verify}
 * against the CPU trainer, and {@code --gemm}'s GEMM benchmark with the planner's efficiency table it writes.
 */
final class BenchOnGpu {
    private final BenchCommand c;

    BenchOnGpu(BenchCommand command) {
        this.c = command;
    }

    /** {@code --gemm}: every GEMM call site of one step, timed with each engine, and a results file. */
    int gemm(GpuBenchTarget target, Model model, TrainConfig template, OutputFormat format,
                          PrintWriter err) {
        if (c.batches.findMaxBatch) {
            throw new IllegalArgumentException("--gemm times one batch's GEMMs; give --batch N, not --find-max-batch");
        }
        BenchCommand.Peak peak = c.peak(target, template.threads(), err);
        List<GemmShapes.Shape> shapes = GemmShapes.of(template.shape(), template.batch(), template.seq(),
                target.options());
        List<GemmBench.Engine> engines = List.of(GemmBench.Engine.DEVICE, GemmBench.Engine.KERNELS);
        boolean tensorCores = target.gpu() instanceof CudaDevice cuda && cuda.computeCapability() >= 80;
        Map<GemmBench.Engine, String> names = Map.of(GemmBench.Engine.DEVICE, target.gemm(),
                GemmBench.Engine.KERNELS, tensorCores ? "napkin gemm.cu (mma.sync bf16, SIMT fp32)"
                        : "napkin gemm.cu (SIMT)");
        err.println("napkin bench: timing " + shapes.size() + " GEMM shapes x " + engines.size() + " engines on "
                + target.device() + "...");
        err.flush();
        List<GemmBench.Row> rows = GemmBench.run(target.gpu(), shapes, engines, names, tensorCores, c.warmup,
                Math.max(c.steps, 1), peak.flopsPerSecond());
        try (ResultFiles files = ResultFiles.claim(c.out, List.of(BenchCommand.safe(model.id()), target.backend(),
                target.precision(), "b" + template.batch(), "t" + template.seq(), "gemm"), "--out", err)) {
            // the planner's efficiency table beside the results: NAME-efficiency.json
            String json = files.describe().getFirst();
            Path table = Path.of(json.substring(0, json.length() - ".json".length()) + "-efficiency.json");
            List<String> written = new ArrayList<>(files.describe());
            written.add(table.toString());
            GemmBenchReport report = GemmBenchReport.of(target.backend(), target.device(), model.id(),
                    template.batch(), template.seq(), target.precision(), target.attention(), peak.flopsPerSecond(),
                    peak.source(), rows, written);
            files.write(report);
            ResultFiles.replace(table, efficiencyTable(target, specId(target), rows, peak).toJson() + "\n");
            Output.print(report, format, c.spec.commandLine().getOut());
            return ExitCode.OK;
        }
    }

    /**
     * The device engine's rows as the planner's GEMM efficiency table ({@code plan --gemm-efficiency FILE}): the
     * fraction of the dense peak each call reached, by its GFLOP; calls of the same size averaged.
     */
    private static GemmEfficiency efficiencyTable(GpuBenchTarget target, String gpuId, List<GemmBench.Row> rows,
                                                  BenchCommand.Peak peak) {
        java.util.TreeMap<Double, double[]> bySize = new java.util.TreeMap<>();
        for (GemmBench.Row r : rows) {
            if (r.engine().equals(target.gemm())) {
                double[] sum = bySize.computeIfAbsent(r.shape().flops() / 1e9, k -> new double[2]);
                sum[0] += Math.min(1, r.fractionOfPeak()); // a fraction above 1 says the peak is wrong, not the GEMM
                sum[1]++;
            }
        }
        List<GemmEfficiency.Point> points = new ArrayList<>();
        bySize.forEach((gflops, sum) -> points.add(new GemmEfficiency.Point(gflops, Math.max(1e-6, sum[0] / sum[1]))));
        return GemmEfficiency.measured("measured: " + target.gemm() + " on " + target.device(),
                "GEMMs of one training step timed in isolation by napkin bench --gemm (" + target.precision()
                        + "), as a fraction of " + peak.source() + "; the built-in table's memory-bound points. "
                        + "Training runs slower than a GEMM timed alone (the built-in table applies 0.82 for that).",
                "napkin bench --gemm", gpuId, points);
    }

    /** The device's GPU-table id: --gpu, else the CUDA device's own entry, else "default". */
    private String specId(GpuBenchTarget target) {
        if (c.gpu != null) {
            return c.gpu;
        }
        if (target.gpu() instanceof CudaDevice cuda) {
            return GpuTargets.specId(cuda.name()).orElse("default");
        }
        return "default";
    }

    /** The GPU trainer's precision and attention path; the CPU takes neither (it runs fp32, naive attention). */
    GpuOptions options(boolean onGpu) {
        if (!onGpu) {
            if (c.precision != null && c.precision != GpuPrecision.FP32) {
                throw new IllegalArgumentException("--precision " + c.precision.id + " is for the GPU trainer; the CPU "
                        + "trainer runs fp32 (use --backend cuda, or leave --precision out)");
            }
            for (String[] flag : new String[][] {{"--attention", c.attention == null ? null : c.attention.id()}, {"--gpu", c.gpu},
                    {"--gemm", c.gemm ? "" : null}}) {
                if (flag[1] != null) {
                    throw new IllegalArgumentException(flag[0] + " is for --backend cuda (or emulated); the CPU "
                            + "trainer has one attention path and measures its own peak");
                }
            }
            if (c.verify) {
                throw new IllegalArgumentException("--verify compares the GPU trainer with the CPU trainer: use it "
                        + "with --backend cuda (or emulated)");
            }
            return new GpuOptions(GpuPrecision.FP32, AttentionKind.NAIVE);
        }
        return new GpuOptions(c.precision == null ? GpuPrecision.BF16_MIXED : c.precision,
                c.attention == null ? AttentionKind.FUSED : c.attention);
    }

    /** {@code --verify}: every asked-for precision and attention path, on the chosen GPU backend. */
    int verify(String backendName, OutputFormat format) {
        if (c.batches.findMaxBatch || c.batches.batch != null) {
            throw new IllegalArgumentException("--verify runs its own small model; leave out --batch and "
                    + "--find-max-batch");
        }
        List<GpuPrecision> precisions = c.precision == null ? List.of(GpuPrecision.values()) : List.of(c.precision);
        List<AttentionKind> paths = c.attention == null ? List.of(AttentionKind.values()) : List.of(c.attention);
        PrintWriter err = c.spec.commandLine().getErr();
        List<GpuVerify.Result> results = new ArrayList<>();
        try (BenchTarget target = Backends.target(backendName, 1, new GpuOptions(precisions.getFirst(),
                paths.getFirst()), emulatedCapacity())) {
            GpuBenchTarget gpuTarget = (GpuBenchTarget) target;
            for (GpuPrecision p : precisions) {
                for (AttentionKind a : paths) {
                    err.println("napkin bench: verifying " + p.id + ", " + a.id() + " attention on "
                            + target.device() + "...");
                    err.flush();
                    results.add(GpuVerify.run(gpuTarget.gpu(), new GpuOptions(p, a), c.seed));
                }
            }
            VerifyReport report = new VerifyReport(backendName, target.device(), target.gemm(), results);
            Output.print(report, format, c.spec.commandLine().getOut());
            return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }

    /** The emulated device's memory: {@code --memory-limit}, else 4 GiB. */
    long emulatedCapacity() {
        return c.memoryLimit == null ? 4L << 30 : (long) c.memoryLimit.value();
    }
}
