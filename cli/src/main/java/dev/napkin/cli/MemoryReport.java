package dev.napkin.cli;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
import java.util.List;

/** {@code napkin memory}: bytes per GPU, itemised. */
record MemoryReport(ModelInfo model, String precision, String optimizer, ParallelismInfo parallelism,
                    Integer batch, Integer seq, String recompute, Boolean flashAttention, Boolean dropout,
                    boolean activationsCounted, double bytesPerParam, double totalBytes, Breakdown breakdown,
                    String pipelineStage, String gpu, Double gpuMemoryBytes, Boolean fits, List<String> notes)
        implements Report {

    /** Bytes by what they hold (the README documents each key). */
    record Breakdown(double weights, double gradients, double optimizerState, double masterWeights,
                     double activations, double logits) {
    }

    /** How the run is split. */
    record ParallelismInfo(int gpus, int dataParallel, int tensorParallel, int pipelineParallel, int zeroStage,
                           boolean sequenceParallel) {
    }

    @Override
    public String table() {
        Lines lines = new Lines("napkin memory: " + model.description() + ", " + precision + ", " + optimizer
                + (parallelism.gpus() > 1 ? ", per GPU of " + parallelism.gpus() + " (DP " + parallelism.dataParallel()
                + " x TP " + parallelism.tensorParallel() + " x PP " + parallelism.pipelineParallel() + ", ZeRO "
                + parallelism.zeroStage() + ")" : ""));
        lines.row("parameters", Si.count(model.params()));
        lines.row("bytes per parameter", Si.fixed(bytesPerParam, 3) + " (weights + gradients + master + optimizer, unsharded)");
        lines.row("weights", Si.gib(breakdown.weights()));
        lines.row("gradients", Si.gib(breakdown.gradients()));
        lines.row("optimizer state", Si.gib(breakdown.optimizerState()));
        lines.row("master weights", Si.gib(breakdown.masterWeights()));
        lines.row("activations", activationsCounted ? Si.gib(breakdown.activations()) + "  (batch " + batch + " x seq "
                + seq + ", recompute " + recompute + (Boolean.TRUE.equals(flashAttention) ? ", flash attention" : "")
                + (Boolean.TRUE.equals(dropout) ? ", dropout masks" : "") + ")" : "not counted (give --batch and --seq)");
        lines.row("logits", activationsCounted ? Si.gib(breakdown.logits()) : "not counted");
        lines.row("total", Si.gib(totalBytes) + " (" + Si.fixed(totalBytes / 1e9, 2) + " GB)");
        if (gpu != null) {
            lines.row("fits on " + gpu, (Boolean.TRUE.equals(fits) ? "yes" : "no") + ": " + Si.gib(gpuMemoryBytes)
                    + " per GPU");
        }
        notes.forEach(lines::note);
        return lines.toString();
    }
}
