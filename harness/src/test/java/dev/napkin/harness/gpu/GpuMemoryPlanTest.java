package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.memory.MemoryBreakdown;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.estimator.model.NormKind;
import dev.napkin.estimator.model.PositionKind;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.BufferKind;
import dev.napkin.harness.MemoryPlan;
import dev.napkin.harness.MemoryPrediction;
import dev.napkin.harness.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The estimator's {@code gpu-harness} trainer against the GPU trainer's own buffer plan ({@link GpuBackend#plan}),
 * which names and sizes every buffer it would allocate: the prediction must be exact, to the byte, for every
 * precision and attention path, and so must the largest batch it predicts within a budget.
 *
 * <p>The estimator's breakdown maps onto the plan's buffer kinds as: weights = WEIGHTS; gradients = GRADIENTS;
 * optimizer state + master weights = OPTIMIZER_STATE (the plan files the fp32 master copy with AdamW's moments);
 * activations = ACTIVATIONS; logits = LOGITS; workspace + fixed workspace = WORKSPACE.
 */
class GpuMemoryPlanTest {
    /** A model and sequence length to plan for. */
    record Case(String id, ModelShape shape, int seq) {
        @Override
        public String toString() {
            return id + " T=" + seq;
        }

        TrainConfig config(int batch) {
            return new TrainConfig(id, shape, batch, seq, 1, 1L << 50, AdamWSettings.gpt2());
        }
    }

    private static final Case GPT2_SMALL = new Case("gpt2-small", preset("gpt2-small"), 1024);

    private static final List<Case> CASES = List.of(
            GPT2_SMALL,
            new Case("gpt2-medium", preset("gpt2-medium"), 512),
            // odd sizes on purpose: T and V not multiples of a warp, C not of a block, T at the full context
            new Case("tiny-2x48", tiny(2, 48, 4, 67, 16, true), 13),
            new Case("tiny-3x40-nobias", tiny(3, 40, 5, 101, 64, false), 37),
            new Case("tiny-1x24", tiny(1, 24, 3, 50, 9, true), 9));

    private static ModelShape preset(String id) {
        return ModelPresets.builtIn().find(id).model().shape().orElseThrow();
    }

    private static ModelShape tiny(int layers, int c, int heads, int vocab, int context, boolean biases) {
        return ModelShape.builder().layers(layers).dModel(c).heads(heads).ffnHidden(4 * c).vocab(vocab)
                .context(context).mlp(MlpKind.GELU).norm(NormKind.LAYERNORM).position(PositionKind.LEARNED)
                .biases(biases).tiedEmbeddings(true).build();
    }

    static Stream<Arguments> everyPath() {
        List<Arguments> all = new ArrayList<>();
        for (Case c : CASES) {
            for (GpuPrecision p : GpuPrecision.values()) {
                for (AttentionKind a : AttentionKind.values()) {
                    all.add(Arguments.of(c, p, a));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2} attention")
    @MethodSource("everyPath")
    void theEstimatorPredictsThePlanToTheByte(Case c, GpuPrecision precision, AttentionKind attention) {
        GpuOptions options = new GpuOptions(precision, attention);
        for (int batch : new int[] {1, 3, 8}) {
            TrainConfig config = c.config(batch);
            MemoryPlan plan = GpuBackend.plan(config, options);
            MemoryBreakdown b = MemoryPrediction.of(config, options).breakdown();
            String label = c + " B=" + batch + " " + precision.id + " " + attention.id();
            String where = label + ": ";
            assertEquals((double) plan.totalBytes(), b.total(), where + "total");
            assertEquals((double) plan.bytes(BufferKind.WEIGHTS), b.weights(), where + "weights");
            assertEquals((double) plan.bytes(BufferKind.GRADIENTS), b.gradients(), where + "gradients");
            assertEquals((double) plan.bytes(BufferKind.OPTIMIZER_STATE), b.optimizerState() + b.masterWeights(),
                    where + "optimizer state and master weights");
            assertEquals((double) plan.bytes(BufferKind.ACTIVATIONS), b.activations(), where + "activations");
            assertEquals((double) plan.bytes(BufferKind.LOGITS), b.logits(), where + "logits");
            assertEquals((double) plan.bytes(BufferKind.WORKSPACE), b.workspace() + b.fixedWorkspace(),
                    where + "workspace");
            if (batch == 8) {
                System.out.printf(Locale.ROOT, "gpu memory %s: plan %d bytes, predicted %.0f%n", label,
                        plan.totalBytes(), b.total());
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1}, {2} attention")
    @MethodSource("everyPath")
    void whatGrowsWithTheBatchIsWhatThePlanGrowsBy(Case c, GpuPrecision precision, AttentionKind attention) {
        // the plan is linear in B: plan(B) = fixed + B x per sequence; the estimator must split it the same way
        GpuOptions options = new GpuOptions(precision, attention);
        long one = GpuBackend.plan(c.config(1), options).totalBytes();
        long two = GpuBackend.plan(c.config(2), options).totalBytes();
        long five = GpuBackend.plan(c.config(5), options).totalBytes();
        assertEquals(3 * (two - one), five - two, "the plan is linear in the batch");
        MemoryBreakdown b = MemoryPrediction.of(c.config(1), options).breakdown();
        assertEquals((double) (two - one), b.perBatch(), "per sequence");
        assertEquals((double) (2 * one - two), b.modelStates() + b.fixedWorkspace(), "fixed");
    }

    @ParameterizedTest(name = "{0}, {1}, {2} attention")
    @MethodSource("everyPath")
    void theLargestPredictedBatchIsTheLargestThatThePlanFits(Case c, GpuPrecision precision,
                                                             AttentionKind attention) {
        GpuOptions options = new GpuOptions(precision, attention);
        long one = planned(c, options, 1);
        long seven = planned(c, options, 7);
        List<Double> budgets = new ArrayList<>(List.of(
                one - 1.0, // not even one sequence: 0
                (double) one, (double) seven - 1, (double) seven, seven + 1.0, // on the edges
                40 * one + one / 3.0)); // somewhere between two batches
        if (c == GPT2_SMALL) {
            budgets.addAll(List.of(16.0 * (1L << 30), 40e9, 80e9, 141e9));
        }
        for (double budget : budgets) {
            int b = MemoryPrediction.maxBatch(c.config(1), options, budget);
            String where = c + " " + precision.id + " " + attention.id() + ", budget " + (long) budget
                    + " bytes: predicted max batch " + b;
            if (b > 0) {
                assertTrue(planned(c, options, b) <= budget, where + " does not fit: " + planned(c, options, b));
            }
            assertTrue(budget < planned(c, options, b + 1), where + ", but " + (b + 1) + " fits too");
        }
    }

    private static long planned(Case c, GpuOptions options, int batch) {
        return GpuBackend.plan(c.config(batch), options).totalBytes();
    }
}
