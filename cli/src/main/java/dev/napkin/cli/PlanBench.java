package dev.napkin.cli;

import dev.napkin.estimator.cluster.ClusterCatalog;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.harness.CpuInfo;
import dev.napkin.profiler.plan.LayoutSpace;
import dev.napkin.profiler.plan.PlanSearch;
import dev.napkin.profiler.plan.StepModel;
import dev.napkin.profiler.plan.TrainingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code napkin plan --bench}: the full search for Llama 3 70B at sequence 8192 and a 1,024-sequence batch on
 * 1,024 to 16,384 H100s, on one thread; each size searched three times after two warm-up searches, the fastest
 * kept (each search builds its own step model, so the per-op timing of each layer shape is part of the time).
 */
record PlanBench(String machine, String javaVersion, List<Row> rows) implements Report {
    record Row(int gpus, long layouts, long fitting, double seconds, double layoutsPerSecond) {
    }

    static PlanBench run() {
        List<Row> rows = new ArrayList<>();
        for (int gpus : new int[] {1024, 2048, 4096, 8192, 16384}) {
            TrainingJob job = TrainingJob.builder().model(ModelPresets.builtIn().find("llama3-70b").model())
                    .seq(8192).globalBatch(1024).gpus(gpus).gpu(GpuCatalog.builtIn().find("h100-sxm"))
                    .cluster(ClusterCatalog.builtIn().find("dgx-h100")).build();
            for (int i = 0; i < 2; i++) {
                PlanSearch.run(new StepModel(job), LayoutSpace.all(), 5);
            }
            PlanSearch.Result fastest = null;
            for (int i = 0; i < 3; i++) {
                PlanSearch.Result r = PlanSearch.run(new StepModel(job), LayoutSpace.all(), 5);
                if (fastest == null || r.seconds() < fastest.seconds()) {
                    fastest = r;
                }
            }
            rows.add(new Row(gpus, fastest.searched(), fastest.fitting(), fastest.seconds(),
                    fastest.searched() / fastest.seconds()));
        }
        return new PlanBench(CpuInfo.modelName() + ", " + CpuInfo.logicalCores() + " logical cores (search uses one)",
                Runtime.version().toString(), rows);
    }

    @Override
    public String csvRowsField() {
        return "rows";
    }

    @Override
    public String table() {
        StringBuilder sb = new StringBuilder("napkin plan --bench: Llama 3 70B, seq 8192, global batch 1024, "
                + "H100 SXM in DGX H100 nodes, one thread\n\n");
        sb.append("  machine  ").append(machine).append('\n').append("  java     ").append(javaVersion).append("\n\n");
        TextTable t = new TextTable("GPUs", "layouts", "fit", "seconds", "layouts/s");
        for (Row r : rows) {
            t.add(r.gpus, String.format(Locale.ROOT, "%,d", r.layouts), String.format(Locale.ROOT, "%,d", r.fitting),
                    String.format(Locale.ROOT, "%.4f", r.seconds),
                    String.format(Locale.ROOT, "%,.0f", r.layoutsPerSecond));
        }
        return sb.append(t.toString().indent(2)).toString();
    }
}
