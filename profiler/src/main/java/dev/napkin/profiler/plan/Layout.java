package dev.napkin.profiler.plan;

import dev.napkin.estimator.flops.Recompute;

/**
 * How one training step is laid out over the GPUs: tensor (TP), context (CP), data (DP) and pipeline (PP)
 * parallelism, with GPUs = TP x CP x DP x PP, ranks numbered TP innermost, then CP, DP and PP (Megatron-LM's
 * default order); {@code virtualStages} model chunks per pipeline stage (the interleaved 1F1B schedule, Narayanan
 * et al. 2021 section 2.2.2); {@code microBatch} sequences per micro-batch; ZeRO stage 0-3 over DP x CP
 * (Rajbhandari et al. 2020); recomputation (Korthikanti et al. 2022); sequence parallelism (ibid. section 4.2.2);
 * expert parallelism, each mixture-of-experts layer's routed experts split over EP consecutive data-parallel ranks
 * (GShard, Lepikhin et al. 2020; Megatron-Core's expert-model-parallel-size, which EP divides DP for), 1 for none.
 */
public record Layout(int tensorParallel, int pipelineParallel, int dataParallel, int contextParallel,
                     int virtualStages, int microBatch, int zero, Recompute recompute, boolean sequenceParallel,
                     int expertParallel) {
    public Layout {
        atLeastOne(tensorParallel, "--tensor-parallel");
        atLeastOne(pipelineParallel, "--pipeline-parallel");
        atLeastOne(dataParallel, "--data-parallel");
        atLeastOne(contextParallel, "--context-parallel");
        atLeastOne(virtualStages, "--virtual-stages");
        atLeastOne(microBatch, "--micro-batch");
        atLeastOne(expertParallel, "--expert-parallel");
        if (dataParallel % expertParallel != 0) {
            throw new IllegalArgumentException("--expert-parallel " + expertParallel + " does not divide DP "
                    + dataParallel + "; experts are split within the data-parallel group, so pick a divisor of it");
        }
        if (zero < 0 || zero > 3) {
            throw new IllegalArgumentException("--zero " + zero + " is not a ZeRO stage; use 0, 1, 2 or 3");
        }
        if (recompute == null) {
            throw new IllegalArgumentException("a layout needs a recompute policy: none, selective or full");
        }
        if (virtualStages > 1 && pipelineParallel == 1) {
            throw new IllegalArgumentException("--virtual-stages " + virtualStages + " needs --pipeline-parallel of "
                    + "2 or more (interleaving splits each pipeline stage into model chunks)");
        }
    }

    public long gpus() {
        return (long) tensorParallel * pipelineParallel * dataParallel * contextParallel;
    }

    /** The group that reduces gradients: every rank holding the same weights, DP x CP. */
    public int gradientGroup() {
        return dataParallel * contextParallel;
    }

    /** A layout without expert parallelism. */
    public Layout(int tensorParallel, int pipelineParallel, int dataParallel, int contextParallel, int virtualStages,
                  int microBatch, int zero, Recompute recompute, boolean sequenceParallel) {
        this(tensorParallel, pipelineParallel, dataParallel, contextParallel, virtualStages, microBatch, zero,
                recompute, sequenceParallel, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named construction; every dimension defaults to 1 (no recompute, no sequence parallelism, ZeRO 0). */
    public static final class Builder {
        private int tp = 1;
        private int pp = 1;
        private int dp = 1;
        private int cp = 1;
        private int v = 1;
        private int b = 1;
        private int zero;
        private Recompute recompute = Recompute.NONE;
        private boolean sp;
        private int ep = 1;

        public Builder tensorParallel(int value) {
            tp = value;
            return this;
        }

        public Builder pipelineParallel(int value) {
            pp = value;
            return this;
        }

        public Builder dataParallel(int value) {
            dp = value;
            return this;
        }

        public Builder contextParallel(int value) {
            cp = value;
            return this;
        }

        public Builder virtualStages(int value) {
            v = value;
            return this;
        }

        public Builder microBatch(int value) {
            b = value;
            return this;
        }

        public Builder zero(int value) {
            zero = value;
            return this;
        }

        public Builder recompute(Recompute value) {
            recompute = value;
            return this;
        }

        public Builder sequenceParallel(boolean value) {
            sp = value;
            return this;
        }

        public Builder expertParallel(int value) {
            ep = value;
            return this;
        }

        public Layout build() {
            return new Layout(tp, pp, dp, cp, v, b, zero, recompute, sp, ep);
        }
    }

    private static void atLeastOne(int value, String flag) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1, got " + value);
        }
    }
}
