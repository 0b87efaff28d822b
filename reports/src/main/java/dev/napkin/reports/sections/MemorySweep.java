package dev.napkin.reports.sections;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.ContextLength;
import dev.napkin.estimator.model.Model;
import dev.napkin.gpu.GpuSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The estimator's memory per GPU over several models or several micro-batch sizes (one of the two varies, so a
 * chart compares like with like), for each precision, against one GPU's capacity.
 *
 * @param batches micro-batch sizes (sequences per GPU)
 */
public record MemorySweep(List<Model> models, List<Precision> precisions, Optimizer optimizer, List<Integer> batches,
                          int seq, Recompute recompute, boolean flashAttention, Parallelism parallelism, GpuSpec gpu) {
    public MemorySweep {
        models = List.copyOf(models);
        precisions = List.copyOf(precisions);
        batches = List.copyOf(batches);
        if (models.isEmpty() || precisions.isEmpty() || batches.isEmpty()) {
            throw new IllegalArgumentException("a memory sweep needs at least one model, precision and batch size");
        }
        if (models.size() > 1 && batches.size() > 1) {
            throw new IllegalArgumentException("give several --models or several --batches, not both: a chart compares"
                    + " either models at one batch size or one model at several");
        }
        if (precisions.stream().distinct().count() != precisions.size()) {
            throw new IllegalArgumentException("--precisions lists a precision twice: " + precisions);
        }
        for (Model m : models) {
            m.requireShape("the memory sweep (activations)");
            // the rule of every command: refused above a learned position table (rotary ones are noted by the caller)
            ContextLength.check(m, seq);
        }
        // the constructor of ActivationSettings refuses batch < 1 and seq < 1 with the flag's name
        batches.forEach(b -> new ActivationSettings(b, seq, recompute, flashAttention, false));
    }

    /** True when the chart's bars are batch sizes of one model rather than models. */
    public boolean overBatches() {
        return batches.size() > 1;
    }

    /** Every point: precisions outermost, then models, then batch sizes. */
    public List<MemoryPoint> points() {
        List<MemoryPoint> points = new ArrayList<>();
        for (Precision p : precisions) {
            for (Model m : models) {
                for (int b : batches) {
                    ActivationSettings a = new ActivationSettings(b, seq, recompute, flashAttention, m.dropout());
                    MemoryEstimate e = MemoryEstimate.of(m, p, optimizer, parallelism, Optional.of(a));
                    points.add(new MemoryPoint(m.id(), p, optimizer, parallelism, b, seq, recompute, flashAttention,
                            e.breakdown(), gpu));
                }
            }
        }
        return points;
    }
}
