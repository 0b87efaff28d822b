package dev.napkin.cli;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
import java.util.List;

/**
 * {@code napkin fit}: the largest model on N GPUs ({@code max_params}) or, for a given model, the largest
 * micro-batch on one GPU ({@code max_batch}); the other is null.
 */
record FitReport(String question, int gpus, String gpu, double memoryPerGpuBytes, String memorySource,
                 String precision, String optimizer, double bytesPerParam, Double maxParams, ModelInfo model,
                 Integer batch, Integer seq, Integer maxBatch, Double modelStateBytes, Double activationBytesPerSequence,
                 String assumption, List<String> notes) implements Report {

    @Override
    public String table() {
        Lines lines = new Lines("napkin fit: " + question);
        lines.row("memory per GPU", Si.gib(memoryPerGpuBytes) + " = " + Si.fixed(memoryPerGpuBytes / 1e9, 1)
                + " GB (" + memorySource + ")");
        lines.row("precision / optimizer", precision + " / " + optimizer + ": " + Si.fixed(bytesPerParam, 3)
                + " bytes per parameter");
        if (maxParams != null) {
            lines.row("largest model", Si.sci(maxParams) + " parameters (" + Si.count(maxParams) + ")");
            if (model != null && model.shape() != null) {
                ModelInfo.Shape s = model.shape();
                lines.row("its shape", s.layers() + " layers x " + s.dModel() + " wide, " + s.heads() + " heads, at batch "
                        + batch + " x seq " + seq);
            }
        }
        if (maxBatch != null) {
            lines.row("model", model.description() + " (" + Si.count(model.params()) + " parameters)");
            lines.row("model states", Si.gib(modelStateBytes));
            lines.row("per sequence", Si.gib(activationBytesPerSequence) + " of activations and logits at seq " + seq);
            lines.row("largest micro-batch", maxBatch > 0 ? maxBatch.toString()
                    : modelStateBytes >= memoryPerGpuBytes ? "none: the model states alone do not fit"
                    : "none: one sequence's activations and logits do not fit in the "
                            + Si.gib(memoryPerGpuBytes - modelStateBytes) + " the model states leave");
        }
        lines.note(assumption);
        notes.forEach(lines::note);
        return lines.toString();
    }
}
