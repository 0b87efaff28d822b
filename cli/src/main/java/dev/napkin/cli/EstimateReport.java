package dev.napkin.cli;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
import java.util.List;

/** {@code napkin estimate}: FLOPs, time, GPU-hours, cost and energy of a training run. */
record EstimateReport(ModelInfo model, double tokens, int seq, String formula, String formulaSource, String recompute,
                      int gpus, String gpu, String dtype, double peakFlopsPerSecPerGpu, String peakSource,
                      double flopsPerToken, double hardwareFlopsPerToken, double totalFlops, double hardwareFlops,
                      double mfu, double hfu, boolean mfuAssumed, double seconds, double days, double gpuHours,
                      Double pricePerGpuHour, Double costUsd, Double energyKwh, List<String> notes) implements Report {

    @Override
    public String table() {
        Lines lines = new Lines("napkin estimate: " + model.description() + " on " + Si.count(tokens) + " tokens, "
                + gpus + " x " + gpu);
        lines.row("parameters", Si.count(model.params()) + (model.activeParams() != model.params()
                ? " (" + Si.count(model.activeParams()) + " active per token)" : ""));
        lines.row("FLOPs formula", formula + ": " + formulaSource);
        lines.row("FLOPs per token", Si.sci(flopsPerToken) + " model" + (hardwareFlopsPerToken != flopsPerToken
                ? ", " + Si.sci(hardwareFlopsPerToken) + " hardware (recompute " + recompute + ")" : ""));
        lines.row("total FLOPs", Si.sci(totalFlops) + (hardwareFlops != totalFlops
                ? " model, " + Si.sci(hardwareFlops) + " hardware" : ""));
        lines.row("peak per GPU", Si.fixed(peakFlopsPerSecPerGpu / 1e12, 1) + " TFLOP/s dense " + dtype + " (" + peakSource + ")");
        lines.row("utilisation", "MFU " + Si.fixed(mfu, 3) + (mfuAssumed ? " (assumed)" : "") + ", HFU " + Si.fixed(hfu, 3));
        lines.row("time", Si.sci(seconds) + " s = " + Si.fixed(days, 2) + " days"
                + (days > 365 ? " = " + Si.fixed(days / 365.25, 2) + " years" : ""));
        lines.row("GPU-hours", Si.count(gpuHours));
        lines.row("cost", costUsd == null ? "give --price-per-gpu-hour USD"
                : "$" + Si.count(costUsd) + " at $" + Si.fixed(pricePerGpuHour, 2) + " per GPU-hour");
        lines.row("energy", energyKwh == null ? "unknown (no TDP in the spec)"
                : Si.prefixed(energyKwh * 1000, "Wh") + " (GPU board power at TDP only)");
        notes.forEach(lines::note);
        return lines.toString();
    }
}
