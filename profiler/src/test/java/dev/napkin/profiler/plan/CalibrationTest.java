package dev.napkin.profiler.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.napkin.estimator.cluster.ClusterCatalog;
import dev.napkin.estimator.cluster.ClusterSpec;
import dev.napkin.estimator.cluster.Collective;
import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.gpu.GpuCatalog;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.AttentionKind;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runs the built-in GEMM table's 0.80 training factor was fitted on (the other validation, Narayanan et al.
 * 2021's Table 1, is not): Korthikanti et al. 2022 (arXiv 2205.05198), Tables 3 and 5, also Megatron-LM's README
 * table: GPTs on DGX A100 with sequence parallelism and selective recompute, data parallel size one, sequence 2048,
 * vocabulary 51,200, global batch as in Table 3.
 *
 * <p>The fit used all four rows (22B, 175B, 530B, 1T) and their model FLOPs utilisation (41.5%, 51.4%, 56.0%,
 * 56.3%), which does not depend on how recompute is counted: 0.80 minimises the sum of squared relative errors
 * (0.79 to 0.81 in steps of 0.005 give 63.2 to 65.1 %², flat; 0.82, the earlier factor fitted to the hardware
 * utilisation with selective recompute under-counted, gives +7.3%, +5.3%, −0.5%, −1.6%). One factor cannot bring
 * all four within 4%: the residuals are +5.7%, +3.2%, −2.6%, −3.7%, and 0.79, the factor with the smallest largest
 * error, still leaves +4.9% and −4.8%. The 22B miss is not in its layers (see {@link #twentyTwoBillionLayerTimes}):
 * its step of one micro-batch (1.10 s in Table 5) spends 0.13 s outside the 48 layers' 20.3 ms each, on the
 * embedding, head, loss and optimizer, where napkin predicts about 0.05 s.
 */
class CalibrationTest {
    private static final GpuSpec A100 = GpuCatalog.builtIn().find("a100-sxm-80gb");
    private static final ClusterSpec DGX_A100 = ClusterCatalog.builtIn().find("dgx-a100");

    private static ModelShape gpt(int heads, int hidden, int layers) {
        return ModelShape.builder().layers(layers).dModel(hidden).heads(heads).ffnHidden(4 * hidden).vocab(51200)
                .context(2048).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED).biases(true)
                .tiedEmbeddings(true).build();
    }

    @ParameterizedTest(name = "{0}: MFU {9}")
    @CsvSource({
            "22B,   64,  6144,  48, 8,  1,   8,   4, 0.437, 0.415",
            "175B,  96, 12288,  96, 8,  8,  64,  64, 0.528, 0.514",
            "530B, 128, 20480, 105, 8, 35, 280, 280, 0.570, 0.560",
            "1T,   160, 25600, 128, 8, 64, 512, 512, 0.570, 0.563"})
    void megatronTable5FlopsUtilisation(String name, int heads, int hidden, int layers, int tp, int pp,
                                        int gpus, int batch, double hfu, double mfu) {
        TrainingJob job = TrainingJob.builder().model(Model.ofShape(name, name, gpt(heads, hidden, layers), true))
                .seq(2048).globalBatch(batch).gpus(gpus).gpu(A100).cluster(DGX_A100)
                .precision(Precision.BF16_MIXED).attention(AttentionKind.NAIVE).dropout(true)
                .flops(FlopsFormula.MEGATRON).overlapGradReduce(false).build();
        LayoutSpace space = LayoutSpace.builder().tensorParallel(tp).pipelineParallel(pp).dataParallel(1)
                .contextParallel(1).zero(0).recompute(Recompute.SELECTIVE).sequenceParallel(true).build();
        Prediction best = PlanSearch.run(new StepModel(job), space, 1).best().getFirst();
        System.out.printf(Locale.ROOT, "%s: MFU %.3f (Table 5 %.3f, %+.1f%%), HFU %.3f (Table 5 %.3f)%n", name,
                best.mfu(), mfu, 100 * (best.mfu() / mfu - 1), best.hfu(), hfu);
        // the fit's largest residual is 5.7% (22B); HFU is MFU times eq. 8 over eq. 7, which reproduces Table 5's
        // ratio (FlopsFormulaTest), so it follows within the same bound
        assertEquals(mfu, best.mfu(), 0.06 * mfu);
        assertEquals(hfu, best.hfu(), 0.06 * hfu);
    }

    /**
     * Korthikanti et al. 2022, Table 4: one layer of the 22B model (TP 8, micro-batch 4, sequence 2048) with
     * sequence parallelism and selective recompute takes 7.2 ms forward and 13.1 ms backward (recompute included),
     * communication included. Not used in the fit.
     */
    @Test
    void twentyTwoBillionLayerTimes() {
        int t = 8;
        int b = 4;
        ModelShape shape = gpt(64, 6144, 48);
        Precision precision = Precision.BF16_MIXED;
        // one layer's costs (TP t, CP 1, EP 1)
        LayerCosts.StageCosts k = LayerCosts.of(shape, t, 1, 1, b, 2048, precision.computeDtype(), Dropout.ALL,
                AttentionKind.NAIVE, A100, GemmEfficiency.builtIn()).layers(0, 1);
        // with sequence parallelism an all-gather and a reduce-scatter of (b, s, h) in each direction: the bytes
        // of two all-reduces (Korthikanti et al. 2022, section 4.2.2)
        double tpBytes = (double) b * 2048 * shape.dModel() * precision.activationBytes();
        double collectives = 2 * DGX_A100.seconds(Collective.ALL_REDUCE, tpBytes, t, 1);
        double forward = k.forward(true, t) + collectives;
        double backward = k.backward(true, t) + k.attentionForward() + collectives;
        System.out.printf(Locale.ROOT, "22B layer: forward %.2f ms (Table 4 7.2), backward %.2f ms (13.1)%n",
                1e3 * forward, 1e3 * backward);
        assertEquals(7.2e-3, forward, 0.05 * 7.2e-3);
        assertEquals(13.1e-3, backward, 0.05 * 13.1e-3);
    }
}
