package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.plan.Layout;
import dev.napkin.profiler.plan.LayoutSpace;
import dev.napkin.profiler.plan.PlanSearch;
import dev.napkin.profiler.plan.Prediction;
import dev.napkin.profiler.plan.StepModel;
import dev.napkin.profiler.plan.TrainingJob;
import java.util.Locale;

/** The MFU of {@code napkin plan}'s best layout, for {@code estimate} when no MFU is given. */
record PlannedMfu(double mfu, String note) {
    static PlannedMfu of(PlanOptions options, Model model, GpuSpec gpu, int gpus, int seq, FlopsFormula flops,
                         Precision precision) {
        TrainingJob job = options.job(model, gpu, gpus, seq, flops, precision, Optimizer.ADAMW);
        PlanSearch.Result result = PlanSearch.run(new StepModel(job), LayoutSpace.all(), 1);
        if (result.fitting() == 0) {
            throw new IllegalArgumentException("no layout of " + model.id() + " on " + gpus + " x " + gpu.id()
                    + " with a global batch of " + job.globalBatch() + " fits in memory; give --mfu, or more GPUs");
        }
        Prediction best = result.best().getFirst();
        Layout l = best.layout();
        return new PlannedMfu(best.mfu(), String.format(Locale.ROOT,
                "MFU %.3f predicted by napkin plan's best layout on %s: TP %d, PP %d, DP %d, CP %d, v %d, "
                        + "EP %d, micro-batch %d, ZeRO %d, recompute %s, sequence parallel %s (give --mfu to assume one)",
                best.mfu(), job.cluster().id(), l.tensorParallel(), l.pipelineParallel(), l.dataParallel(),
                l.contextParallel(), l.virtualStages(), l.expertParallel(), l.microBatch(), l.zero(), l.recompute().id(),
                l.sequenceParallel() ? "on" : "off"));
    }
}
