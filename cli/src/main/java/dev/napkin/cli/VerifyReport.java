package dev.napkin.cli;

import dev.napkin.harness.gpu.GpuVerify;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --verify}: per precision and attention path, the GPU trainer against the CPU trainer on a small GPT-2
 * from the same seed (the loss, the worst parameter tensor's gradient error, the worst AdamW step's loss error).
 */
record VerifyReport(String backend, String device, String gemm, List<Row> results, boolean passed) implements Report {
    /** One configuration checked. */
    record Row(String precision, String attention, float cpuLoss, float gpuLoss, double lossError, String worstTensor,
               double worstTensorError, double worstStepLossError, double bound, boolean passed) {
        static Row of(GpuVerify.Result r) {
            return new Row(r.options().precision().id, r.options().attention().id(), r.cpuLoss(), r.gpuLoss(),
                    r.lossError(), r.worstTensor().tensor(), r.worstTensor().relativeError(), r.worstStepLossError(),
                    r.bound(), r.passed());
        }
    }

    VerifyReport(String backend, String device, String gemm, List<GpuVerify.Result> results) {
        this(backend, device, gemm, results.stream().map(Row::of).toList(),
                results.stream().allMatch(GpuVerify.Result::passed));
    }

    @Override
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "GPU trainer against the CPU trainer on %s (%s; GEMM: %s)%n", device,
                backend, gemm));
        b.append(String.format(Locale.ROOT, "model: GPT-2 shape L %d, C %d, NH %d, V %d; batch %d x seq %d; %d AdamW "
                        + "steps%n%n", GpuVerify.SHAPE.layers(), GpuVerify.SHAPE.dModel(), GpuVerify.SHAPE.heads(),
                GpuVerify.SHAPE.vocab(), GpuVerify.BATCH, GpuVerify.SEQ, GpuVerify.STEPS));
        b.append(String.format(Locale.ROOT, "  %-10s  %-9s  %-9s  %-9s  %-8s  %-24s  %-8s  %-8s  %-6s  %s%n",
                "precision", "attention", "CPU loss", "GPU loss", "error", "worst gradient", "error", "steps", "bound",
                "result"));
        for (Row r : results) {
            b.append(String.format(Locale.ROOT, "  %-10s  %-9s  %-9.5f  %-9.5f  %-8.1e  %-24s  %-8.1e  %-8.1e  %-6.0e  "
                            + "%s%n", r.precision, r.attention, r.cpuLoss, r.gpuLoss, r.lossError, r.worstTensor,
                    r.worstTensorError, r.worstStepLossError, r.bound, r.passed ? "pass" : "FAIL"));
        }
        b.append(String.format(Locale.ROOT, "%n  errors: relative, |GPU - CPU| / |CPU| (a gradient: L2 over the "
                + "tensor); each must be within the bound%n  %s%n", passed ? "all passed"
                : "FAILED: the GPU trainer does not compute what the CPU trainer computes; do not report its figures"));
        return b.toString();
    }

    @Override
    public String csvRowsField() {
        return "results";
    }
}
