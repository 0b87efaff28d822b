package dev.napkin.profiler.plan;

import dev.napkin.estimator.flops.Recompute;
import java.util.List;

/**
 * Which layouts a search tries: each dimension either fixed (non-null) or searched. Searched sizes are powers of
 * two up to the node for TP, powers of two for CP, every divisor for PP and the micro-batch (up to
 * {@link #MAX_MICRO_BATCH}), every divisor of the stage's layers for the virtual stages (up to
 * {@link #MAX_VIRTUAL_STAGES}), ZeRO 0-3, the three recompute policies, sequence parallelism on and off, and for a
 * mixture of experts every expert-parallel size that divides both DP and the expert count.
 */
public record LayoutSpace(Integer tensorParallel, Integer pipelineParallel, Integer dataParallel,
                          Integer contextParallel, Integer virtualStages, Integer microBatch, Integer zero,
                          Recompute recompute, Boolean sequenceParallel, Integer expertParallel) {
    static final int MAX_MICRO_BATCH = 32;
    static final int MAX_VIRTUAL_STAGES = 8;
    static final int MAX_CONTEXT_PARALLEL = 32;

    /** Everything searched. */
    public static LayoutSpace all() {
        return builder().build();
    }

    /** Every dimension fixed to {@code l}'s. */
    public static LayoutSpace of(Layout l) {
        return new LayoutSpace(l.tensorParallel(), l.pipelineParallel(), l.dataParallel(), l.contextParallel(),
                l.virtualStages(), l.microBatch(), l.zero(), l.recompute(), l.sequenceParallel(), l.expertParallel());
    }

    List<Recompute> recomputes() {
        return recompute == null ? List.of(Recompute.values()) : List.of(recompute);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named construction: fix what you know, leave the rest to the search. */
    public static final class Builder {
        private Integer tp;
        private Integer pp;
        private Integer dp;
        private Integer cp;
        private Integer v;
        private Integer b;
        private Integer zero;
        private Recompute recompute;
        private Boolean sp;
        private Integer ep;

        public Builder tensorParallel(Integer value) {
            tp = value;
            return this;
        }

        public Builder pipelineParallel(Integer value) {
            pp = value;
            return this;
        }

        public Builder dataParallel(Integer value) {
            dp = value;
            return this;
        }

        public Builder contextParallel(Integer value) {
            cp = value;
            return this;
        }

        public Builder virtualStages(Integer value) {
            v = value;
            return this;
        }

        public Builder microBatch(Integer value) {
            b = value;
            return this;
        }

        public Builder zero(Integer value) {
            zero = value;
            return this;
        }

        public Builder recompute(Recompute value) {
            recompute = value;
            return this;
        }

        public Builder sequenceParallel(Boolean value) {
            sp = value;
            return this;
        }

        public Builder expertParallel(Integer value) {
            ep = value;
            return this;
        }

        public LayoutSpace build() {
            return new LayoutSpace(tp, pp, dp, cp, v, b, zero, recompute, sp, ep);
        }
    }
}
