package dev.napkin.cli;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.units.Si;
import dev.napkin.profiler.plan.Layout;
import dev.napkin.profiler.plan.PlanSearch;
import dev.napkin.profiler.plan.Prediction;
import dev.napkin.profiler.plan.StepBreakdown;
import dev.napkin.profiler.plan.StepModel;
import dev.napkin.profiler.plan.TrainingJob;
import java.util.List;
import java.util.Locale;

/** {@code napkin plan}: the best layouts, ranked by predicted tokens/s. */
record PlanReport(ModelInfo model, int gpus, String gpu, String cluster, int seq, int globalBatch, String flops,
                  String gemmTable, double peakFlopsPerSecPerGpu, Plan best, List<Plan> plans, long searched,
                  long fitting, double searchSeconds, List<String> notes) implements Report {

    /** One layout and its prediction; {@code tflopsPerGpu} counts model FLOPs in the --flops convention. */
    record Plan(int tensorParallel, int pipelineParallel, int dataParallel, int contextParallel, int expertParallel,
                int virtualStages, int microBatch, int zero, String recompute, boolean sequenceParallel,
                double stepSeconds,
                double tokensPerSecond, double tflopsPerGpu, double mfu, double hfu, double memoryPerGpuBytes,
                boolean fits, StepBreakdown breakdown) {
        static Plan of(Prediction p) {
            Layout l = p.layout();
            return new Plan(l.tensorParallel(), l.pipelineParallel(), l.dataParallel(), l.contextParallel(),
                    l.expertParallel(), l.virtualStages(), l.microBatch(), l.zero(), l.recompute().id(), l.sequenceParallel(),
                    p.stepSeconds(), p.tokensPerSecond(), p.modelFlopsPerSecPerGpu() / 1e12, p.mfu(), p.hfu(),
                    p.memory().total(), p.fits(), p.breakdown());
        }
    }

    static PlanReport of(TrainingJob job, StepModel model, PlanSearch.Result result, List<String> notes) {
        List<Plan> plans = result.best().stream().map(Plan::of).toList();
        return new PlanReport(ModelInfo.of(job.model()), job.gpus(), job.gpu().id(), job.cluster().id(), job.seq(),
                job.globalBatch(), job.flops().id(), job.gemmEfficiency().name(), model.peakFlopsPerSec(),
                plans.getFirst(), plans, result.searched(), result.fitting(), result.seconds(), notes);
    }

    @Override
    public String csvRowsField() {
        return "plans";
    }

    @Override
    public String table() {
        Lines head = new Lines("napkin plan: " + model.description() + ", " + gpus + " x " + gpu + " (" + cluster
                + "), seq " + seq + ", global batch " + globalBatch + " sequences (" + Si.count((double) seq * globalBatch)
                + " tokens)");
        head.row("searched", String.format(Locale.ROOT, "%,d layouts in %.3f s, %,d fit in memory", searched,
                searchSeconds, fitting));
        head.row("GEMM table", gemmTable + " (--gemm-efficiency FILE for a measured one)");
        head.row("MFU counts", flops + " FLOPs over " + Si.fixed(peakFlopsPerSecPerGpu / 1e12, 1) + " TFLOP/s dense");
        StringBuilder sb = new StringBuilder(head.toString()).append('\n');
        TextTable t = new TextTable("#", "TP", "PP", "DP", "CP", "EP", "v", "b", "ZeRO", "recompute", "SP", "step s",
                "tokens/s", "TFLOP/s", "MFU", "HFU", "GiB/GPU", "fits");
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            t.add(i + 1, p.tensorParallel, p.pipelineParallel, p.dataParallel, p.contextParallel, p.expertParallel,
                    p.virtualStages,
                    p.microBatch, p.zero, p.recompute, p.sequenceParallel ? "on" : "off", Si.fixed(p.stepSeconds, 3),
                    Si.count(p.tokensPerSecond), Si.fixed(p.tflopsPerGpu, 1), Si.fixed(p.mfu, 3), Si.fixed(p.hfu, 3),
                    Si.fixed(p.memoryPerGpuBytes / (1L << 30), 1), p.fits ? "yes" : "no");
        }
        sb.append(t.toString().indent(2)).append('\n');
        StepBreakdown b = best.breakdown;
        double step = best.stepSeconds;
        Lines why = new Lines("the best layout's step, " + Si.fixed(step, 3) + " s:");
        why.row("forward", share(b.forwardSeconds(), step));
        why.row("backward", share(b.backwardSeconds(), step));
        why.row("recompute", share(b.recomputeSeconds(), step));
        comm(why, "TP collectives", b.tensorParallel(), step);
        comm(why, "CP K/V ring", b.contextParallel(), step);
        comm(why, "EP all-to-all", b.expertParallel(), step);
        comm(why, "PP sends", b.pipeline(), step);
        why.row("pipeline bubble", share(b.bubbleSeconds(), step));
        comm(why, "DP gradients", b.dataParallel(), step);
        comm(why, "ZeRO gathers", b.zeroGather(), step);
        why.row("optimizer", share(b.optimizerSeconds(), step));
        notes.forEach(why::note);
        return sb.append(why).toString();
    }

    private static String share(double seconds, double step) {
        return String.format(Locale.ROOT, "%8.3f s  %5.1f%%", seconds, 100 * seconds / step);
    }

    private static void comm(Lines lines, String label, dev.napkin.profiler.plan.CommTime c, double step) {
        lines.row(label, share(c.exposedSeconds(), step) + (c.overlappedSeconds() > 0
                ? String.format(Locale.ROOT, "  (+%.3f s hidden behind compute)", c.overlappedSeconds()) : ""));
    }
}
