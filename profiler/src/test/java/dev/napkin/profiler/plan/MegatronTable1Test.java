package dev.napkin.profiler.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.cluster.ClusterCatalog;
import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.profiler.AttentionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Narayanan et al. 2021 (Megatron-LM, arXiv 2104.04473), Table 1: GPT models on Selene (DGX A100, 8 x HDR
 * InfiniBand per node), sequence 2048, vocabulary 51,200, mixed precision, full recomputation, the interleaved
 * schedule, no sequence parallelism and no distributed optimizer (both came later), gradient all-reduce after
 * backward. The paper does not give the micro-batch or the interleaving: the planner searches them with TP, PP
 * and DP fixed to the row's. Achieved TFLOP/s per GPU are counted by the paper's eq. 3.
 */
class MegatronTable1Test {
    /** One row of Table 1. */
    record Row(double paramsB, int heads, int hidden, int layers, int tp, int pp, int gpus, int batch,
               double tflops) {
    }

    /** The row's TP, PP and DP; micro-batch searched; interleaving searched ({@code virtualStages} null) or fixed. */
    static Prediction predict(Row r, Integer virtualStages) {
        ModelShape shape = ModelShape.builder().layers(r.layers).dModel(r.hidden).heads(r.heads).ffnHidden(4 * r.hidden)
                .vocab(51200).context(2048).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
                .biases(true).tiedEmbeddings(true).build();
        TrainingJob job = TrainingJob.builder()
                .model(Model.ofShape("gpt-" + r.paramsB + "b", "Table 1 GPT", shape, true))
                .seq(2048).globalBatch(r.batch).gpus(r.gpus)
                .gpu(GpuCatalog.builtIn().find("a100-sxm-80gb"))
                .cluster(ClusterCatalog.builtIn().find("dgx-a100"))
                .precision(Precision.FP16_MIXED).attention(AttentionKind.NAIVE).dropout(true)
                .flops(FlopsFormula.MEGATRON).overlapGradReduce(false)
                .build();
        LayoutSpace space = LayoutSpace.builder().tensorParallel(r.tp).pipelineParallel(r.pp)
                .dataParallel(r.gpus / (r.tp * r.pp)).contextParallel(1).zero(0).recompute(Recompute.FULL)
                .sequenceParallel(false).virtualStages(virtualStages).build();
        PlanSearch.Result result = PlanSearch.run(new StepModel(job), space, 1);
        assertTrue(result.fitting() > 0, "no layout of row " + r + " fits");
        return result.best().getFirst();
    }

    /** Predicted TFLOP/s per GPU by eq. 3 (hardware FLOPs with full recompute, the paper's count). */
    static double tflops(Prediction p) {
        return p.hardwareFlopsPerSecPerGpu() / 1e12;
    }

    static final List<Row> ROWS = List.of(
            new Row(1.7, 24, 2304, 24, 1, 1, 32, 512, 137),
            new Row(3.6, 32, 3072, 30, 2, 1, 64, 512, 138),
            new Row(7.5, 32, 4096, 36, 4, 1, 128, 512, 142),
            new Row(18.4, 48, 6144, 40, 8, 1, 256, 1024, 135),
            new Row(39.1, 64, 8192, 48, 8, 2, 512, 1536, 138),
            new Row(76.1, 80, 10240, 60, 8, 4, 1024, 1792, 140),
            new Row(145.6, 96, 12288, 80, 8, 8, 1536, 2304, 148),
            new Row(310.1, 128, 16384, 96, 8, 16, 1920, 2160, 155),
            new Row(529.6, 128, 20480, 105, 8, 35, 2520, 2520, 163),
            new Row(1008.0, 160, 25600, 128, 8, 64, 3072, 3072, 163));

    @Test // the targets: each row within 10%, the average under 5%
    void everyRowWithinTenPercentWithTheOneForwardOneBackwardSchedule() {
        double sum = 0;
        List<String> report = new ArrayList<>();
        for (Row r : ROWS) {
            double predicted = tflops(predict(r, 1));
            double error = predicted / r.tflops - 1;
            report.add(String.format(Locale.ROOT, "%.1fB: %.1f vs %.0f (%+.1f%%)", r.paramsB, predicted, r.tflops,
                    100 * error));
            assertEquals(r.tflops, predicted, 0.10 * r.tflops, String.join("; ", report));
            sum += Math.abs(error);
        }
        assertTrue(sum / ROWS.size() < 0.05, "average error " + sum / ROWS.size() + ": " + report);
    }

    /**
     * With interleaving free the planner picks up to v = 6 model chunks and over-predicts the pipelined rows by
     * 3-9%: it charges the interleaved schedule its v-fold point-to-point traffic but nothing for the extra
     * synchronisation that made its gain shrink at large batch sizes in the paper's comparison of the two schedules. A known
     * limit, kept visible here.
     */
    @Test
    void interleavingFreeOverPredictsPipelinedRowsByAtMostElevenPercent() {
        double sum = 0;
        for (Row r : ROWS) {
            double predicted = tflops(predict(r, null));
            assertEquals(r.tflops, predicted, 0.11 * r.tflops, r.toString());
            assertTrue(predicted >= tflops(predict(r, 1)) * (1 - 1e-9), "searching v cannot lose: " + r);
            sum += Math.abs(predicted / r.tflops - 1);
        }
        assertTrue(sum / ROWS.size() < 0.06, "average error " + sum / ROWS.size());
    }
}
