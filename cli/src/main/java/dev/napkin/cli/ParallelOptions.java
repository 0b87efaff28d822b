package dev.napkin.cli;

import dev.napkin.estimator.memory.Parallelism;
import picocli.CommandLine.Option;

/** Mixin: how the run is split over GPUs. */
final class ParallelOptions {
    @Option(names = "--gpus", paramLabel = "N", converter = Converters.Gpus.class,
            description = "GPUs in the run (default: DP x TP x PP).")
    Integer gpus;

    @Option(names = "--data-parallel", paramLabel = "DP", description = "Data-parallel size (default: GPUs / (TP x PP)).")
    Integer dataParallel;

    @Option(names = "--tensor-parallel", paramLabel = "TP", defaultValue = "1", description = "Tensor-parallel size. Default: 1.")
    int tensorParallel;

    @Option(names = "--pipeline-parallel", paramLabel = "PP", defaultValue = "1", description = "Pipeline-parallel size. Default: 1.")
    int pipelineParallel;

    @Option(names = "--zero", paramLabel = "STAGE", defaultValue = "0",
            description = "ZeRO stage 0-3: shard optimizer state (1), + gradients (2), + weights (3) over DP. Default: 0.")
    int zero;

    @Option(names = "--no-sequence-parallel", description = "With --tensor-parallel: keep norm and dropout activations whole on every GPU.")
    boolean noSequenceParallel;

    Parallelism resolve() {
        Options.range(dataParallel, "--data-parallel", 1, Options.MAX_PARALLEL);
        Options.range(tensorParallel, "--tensor-parallel", 1, Options.MAX_PARALLEL);
        Options.range(pipelineParallel, "--pipeline-parallel", 1, Options.MAX_PARALLEL);
        if (gpus == null) {
            int dp = dataParallel == null ? 1 : dataParallel;
            long product = (long) dp * tensorParallel * pipelineParallel;
            if (product > Options.MAX_GPUS) {
                throw new IllegalArgumentException("--data-parallel " + dp + " x --tensor-parallel " + tensorParallel
                        + " x --pipeline-parallel " + pipelineParallel + " = " + product
                        + " GPUs, beyond ten million; check the sizes");
            }
            return new Parallelism((int) product, dp, tensorParallel, pipelineParallel, zero, !noSequenceParallel);
        }
        int n = gpus;
        if (dataParallel != null) {
            return new Parallelism(n, dataParallel, tensorParallel, pipelineParallel, zero, !noSequenceParallel);
        }
        return Parallelism.of(n, tensorParallel, pipelineParallel, zero, !noSequenceParallel);
    }
}
