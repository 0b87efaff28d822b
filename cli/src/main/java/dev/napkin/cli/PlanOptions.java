package dev.napkin.cli;

import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.units.Quantities;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.plan.GemmEfficiency;
import dev.napkin.profiler.plan.TrainingJob;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Mixin: what a plan does not choose, beyond the model and the GPU (shared by plan and estimate). */
final class PlanOptions {
    @Mixin
    ClusterOption clusterOption;

    /** The global batch in sequences or in tokens, not both. */
    static final class GlobalBatch {
        @Option(names = "--global-batch", paramLabel = "SEQUENCES", converter = Converters.GlobalBatch.class,
                description = "Sequences per optimizer step.")
        Integer sequences;

        @Option(names = "--global-batch-tokens", paramLabel = "TOKENS", converter = Converters.GivenCount.class,
                description = "Instead of --global-batch: tokens per step, a multiple of --seq, e.g. 4194304 "
                        + "(512 sequences of 8192).")
        Converters.Given tokens;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    GlobalBatch globalBatch = new GlobalBatch();

    @Option(names = "--attention", paramLabel = "KIND", defaultValue = "fused", converter = Choices.Attentions.class,
            description = "fused (FlashAttention, default) or naive.")
    AttentionKind attention;

    @Option(names = "--gemm-efficiency", paramLabel = "FILE",
            description = "A measured GEMM efficiency table (napkin-gemm-efficiency/1) instead of the published one.")
    Path gemmEfficiency;

    @Option(names = "--no-overlap-grad-reduce",
            description = "The framework reduces gradients after backward instead of during it (Megatron-LM before 2023).")
    boolean noOverlap;

    @Option(names = "--overlap-all-to-all",
            description = "Hide each MoE layer's all-to-all behind another micro-batch's compute, as DeepSeek-V3's "
                    + "DualPipe schedule does (default: exposed, as plain 1F1B leaves it).")
    boolean overlapAllToAll;

    boolean batchGiven() {
        return globalBatch.sequences != null || globalBatch.tokens != null;
    }

    /** Sequences per step from --global-batch or --global-batch-tokens. */
    int sequences(int seq) {
        Converters.Given globalBatchTokens = globalBatch.tokens;
        if (globalBatch.sequences != null) {
            return globalBatch.sequences;
        }
        if (globalBatchTokens == null) {
            throw new IllegalArgumentException("--global-batch is required: sequences per step, e.g. --global-batch 512 "
                    + "(or --global-batch-tokens 4194304)");
        }
        double tokens = globalBatchTokens.value();
        String given = globalBatchTokens.text();
        if (tokens % seq != 0 || tokens < seq) {
            throw new IllegalArgumentException("--global-batch-tokens '" + given + "' is not a whole number of "
                    + "--seq " + seq + " sequences; give a multiple of " + seq);
        }
        return (int) Quantities.atMost(tokens / seq, 1e8, given, "--global-batch-tokens",
                "a hundred million sequences");
    }

    TrainingJob job(Model model, GpuSpec gpu, int gpus, int seq, FlopsFormula flops, Precision precision,
                    Optimizer optimizer) {
        AttentionKind kind = attention;
        return TrainingJob.builder().model(model).seq(seq).globalBatch(sequences(seq)).gpus(gpus).gpu(gpu)
                .cluster(clusterOption.resolve(gpu)).precision(precision)
                .optimizer(optimizer).attention(kind).dropout(model.dropout())
                .gemmEfficiency(gemmEfficiency == null ? GemmEfficiency.builtIn() : GemmEfficiency.fromFile(gemmEfficiency))
                .flops(flops).overlapGradReduce(!noOverlap).overlapAllToAll(overlapAllToAll).build();
    }
}
