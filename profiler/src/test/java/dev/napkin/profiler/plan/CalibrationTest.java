package dev.napkin.profiler.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runs the built-in GEMM table's 0.82 training factor was fitted on (the other validation, Narayanan et al.
 * 2021's Table 1, is not): Megatron-LM's README MFU/HFU table (Korthikanti et al. 2022, arXiv 2205.05198, Tables
 * 3 and 5): GPTs on DGX A100 with sequence parallelism and selective recompute, data parallel size one, sequence
 * 2048, vocabulary 51,200, global batch as in Table 3. The factor was fitted to the hardware FLOPs utilisation
 * with selective recompute counted as the attention forward napkin reruns; {@code --flops megatron} now counts it as
 * Korthikanti's eq. 8 does (three times that), which raises the predicted HFU of the two smaller rows by 5 to 7%
 * without changing a step's time. Both utilisations are held within 8% until the factor is refitted on eq. 8's
 * count; the model FLOPs utilisation does not depend on how recompute is counted.
 */
class CalibrationTest {
    @ParameterizedTest(name = "{0}: HFU {8}")
    @CsvSource({
            "22B,   64,  6144,  48, 8,  1,   8,   4, 0.437, 0.415",
            "175B,  96, 12288,  96, 8,  8,  64,  64, 0.528, 0.514",
            "530B, 128, 20480, 105, 8, 35, 280, 280, 0.570, 0.560",
            "1T,   160, 25600, 128, 8, 64, 512, 512, 0.570, 0.563"})
    void megatronReadmeHardwareFlopsUtilisation(String name, int heads, int hidden, int layers, int tp, int pp,
                                                int gpus, int batch, double hfu, double mfu) {
        ModelShape shape = ModelShape.withDerivedHeadDim(layers, hidden, heads, heads, 4 * hidden, 51200, 2048,
                MlpKind.GELU, NormKind.LAYERNORM, PositionKind.LEARNED, true, true, true, true, 1, 1);
        TrainingJob job = TrainingJob.builder().model(Model.ofShape(name, name, shape, true))
                .seq(2048).globalBatch(batch).gpus(gpus).gpu(GpuCatalog.builtIn().find("a100-sxm-80gb"))
                .cluster(ClusterCatalog.builtIn().find("dgx-a100")).precision(Precision.BF16_MIXED)
                .attention(AttentionKind.NAIVE).dropout(true).flops(FlopsFormula.MEGATRON).overlapGradReduce(false)
                .build();
        LayoutSpace space = LayoutSpace.builder().tensorParallel(tp).pipelineParallel(pp).dataParallel(1)
                .contextParallel(1).zero(0).recompute(Recompute.SELECTIVE).sequenceParallel(true).build();
        Prediction best = PlanSearch.run(new StepModel(job), space, 1).best().getFirst();
        System.out.printf(java.util.Locale.ROOT, "%s: MFU %.3f (README %.3f), HFU %.3f (README %.3f)%n", name,
                best.mfu(), mfu, best.hfu(), hfu);
        assertEquals(mfu, best.mfu(), 0.08 * mfu);
        assertEquals(hfu, best.hfu(), 0.08 * hfu);
    }
}
