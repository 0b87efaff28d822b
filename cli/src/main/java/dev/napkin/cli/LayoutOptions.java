package dev.napkin.cli;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.profiler.plan.LayoutSpace;
import picocli.CommandLine.Option;

/** Mixin: any dimension given is fixed; the rest are searched. */
final class LayoutOptions {
    @Option(names = "--tensor-parallel", paramLabel = "TP", description = "Fix TP (default: searched, powers of two up to a node).")
    Integer tensorParallel;

    @Option(names = "--pipeline-parallel", paramLabel = "PP", description = "Fix PP (default: searched).")
    Integer pipelineParallel;

    @Option(names = "--data-parallel", paramLabel = "DP", description = "Fix DP (default: what the others leave).")
    Integer dataParallel;

    @Option(names = "--context-parallel", paramLabel = "CP", description = "Fix CP (default: searched, powers of two).")
    Integer contextParallel;

    @Option(names = "--virtual-stages", paramLabel = "V", description = "Fix the model chunks per pipeline stage (interleaved 1F1B).")
    Integer virtualStages;

    @Option(names = "--micro-batch", paramLabel = "B", description = "Fix the sequences per micro-batch.")
    Integer microBatch;

    @Option(names = "--zero", paramLabel = "STAGE", description = "Fix the ZeRO stage, 0-3.")
    Integer zero;

    @Option(names = "--recompute", paramLabel = "POLICY", converter = Choices.Recomputes.class,
            description = "Fix recomputation: none, selective or full.")
    Recompute recompute;

    @Option(names = "--sequence-parallel", negatable = true,
            description = "Fix sequence parallelism on (--sequence-parallel) or off (--no-sequence-parallel).")
    Boolean sequenceParallel;

    @Option(names = "--expert-parallel", paramLabel = "EP",
            description = "Fix expert parallelism: each MoE layer's routed experts split over EP data-parallel GPUs "
                    + "(default: searched, divisors of DP and the expert count; 1 for a dense model).")
    Integer expertParallel;

    LayoutSpace space() {
        positive(tensorParallel, "--tensor-parallel");
        positive(pipelineParallel, "--pipeline-parallel");
        positive(dataParallel, "--data-parallel");
        positive(contextParallel, "--context-parallel");
        positive(virtualStages, "--virtual-stages");
        positive(microBatch, "--micro-batch");
        positive(expertParallel, "--expert-parallel");
        if (zero != null && (zero < 0 || zero > 3)) {
            throw new IllegalArgumentException("--zero " + zero + " is not a ZeRO stage; use 0, 1, 2 or 3");
        }
        return LayoutSpace.builder().tensorParallel(tensorParallel).pipelineParallel(pipelineParallel)
                .dataParallel(dataParallel).contextParallel(contextParallel).virtualStages(virtualStages)
                .microBatch(microBatch).zero(zero).recompute(recompute)
                .sequenceParallel(sequenceParallel).expertParallel(expertParallel).build();
    }

    /** Whether every dimension is fixed: one layout to evaluate (EP is searched unless given; 1 for a dense model). */
    boolean allFixed() {
        return tensorParallel != null && pipelineParallel != null && dataParallel != null && contextParallel != null
                && virtualStages != null && microBatch != null && zero != null && recompute != null
                && sequenceParallel != null;
    }

    private static void positive(Integer value, String flag) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1, got " + value);
        }
    }
}
