package dev.napkin.profiler.plan;

import dev.napkin.estimator.cluster.ClusterSpec;
import dev.napkin.estimator.flops.FlopsFormula;
import dev.napkin.estimator.memory.Optimizer;
import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.Model;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.AttentionKind;

/**
 * What a plan does not choose: the model, the sequence length, the global batch in sequences, the GPUs and their
 * cluster, how numbers are stored, the attention kernel, the FLOPs convention of MFU, whether the framework
 * overlaps the data-parallel gradient reduction with backward (Megatron-LM's --overlap-grad-reduce; the 2021 runs
 * did not), and whether it hides the mixture-of-experts all-to-alls behind another micro-batch's compute (DeepSeek-V3's
 * DualPipe; the default, as in Megatron-LM's plain schedules, leaves them exposed).
 */
public record TrainingJob(Model model, int seq, int globalBatch, int gpus, GpuSpec gpu, ClusterSpec cluster,
                          Precision precision, Optimizer optimizer, AttentionKind attention, Dropout dropout,
                          GemmEfficiency gemmEfficiency, FlopsFormula flops, boolean overlapGradReduce,
                          boolean overlapAllToAll) {
    public TrainingJob {
        if (model == null || gpu == null || cluster == null || precision == null || optimizer == null
                || attention == null || dropout == null || gemmEfficiency == null || flops == null) {
            throw new IllegalArgumentException("a training job needs a model, GPU, cluster, precision, optimizer, "
                    + "attention kind, GEMM table and FLOPs convention");
        }
        model.requireShape("the planner (it times each op of a layer)");
        if (seq < 1) {
            throw new IllegalArgumentException("--seq must be at least 1, got " + seq);
        }
        if (globalBatch < 1) {
            throw new IllegalArgumentException("--global-batch must be at least 1 sequence, got " + globalBatch);
        }
        if (gpus < 1) {
            throw new IllegalArgumentException("--gpus must be at least 1, got " + gpus);
        }
    }

    public ModelShape shape() {
        return model.shapeOrNull();
    }

    /** Tokens in one optimizer step. */
    public double tokensPerStep() {
        return (double) globalBatch * seq;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named construction for the fourteen settings; defaults: bf16-mixed AdamW, fused attention, no dropout. */
    public static final class Builder {
        private Model model;
        private int seq;
        private int globalBatch;
        private int gpus;
        private GpuSpec gpu;
        private ClusterSpec cluster;
        private Precision precision = Precision.BF16_MIXED;
        private Optimizer optimizer = Optimizer.ADAMW;
        private AttentionKind attention = AttentionKind.FUSED;
        private Dropout dropout = Dropout.NONE;
        private GemmEfficiency gemmEfficiency = GemmEfficiency.builtIn();
        private FlopsFormula flops = FlopsFormula.SIX_PT;
        private boolean overlapGradReduce = true;
        private boolean overlapAllToAll;

        public Builder model(Model value) {
            model = value;
            return this;
        }

        public Builder seq(int value) {
            seq = value;
            return this;
        }

        public Builder globalBatch(int value) {
            globalBatch = value;
            return this;
        }

        public Builder gpus(int value) {
            gpus = value;
            return this;
        }

        public Builder gpu(GpuSpec value) {
            gpu = value;
            return this;
        }

        public Builder cluster(ClusterSpec value) {
            cluster = value;
            return this;
        }

        public Builder precision(Precision value) {
            precision = value;
            return this;
        }

        public Builder optimizer(Optimizer value) {
            optimizer = value;
            return this;
        }

        public Builder attention(AttentionKind value) {
            attention = value;
            return this;
        }

        /** Every dropout kind or none. */
        public Builder dropout(boolean value) {
            return dropout(Dropout.of(value));
        }

        /** The dropouts kind by kind, as the model applies them. */
        public Builder dropout(Dropout value) {
            dropout = value;
            return this;
        }

        public Builder gemmEfficiency(GemmEfficiency value) {
            gemmEfficiency = value;
            return this;
        }

        public Builder flops(FlopsFormula value) {
            flops = value;
            return this;
        }

        public Builder overlapGradReduce(boolean value) {
            overlapGradReduce = value;
            return this;
        }

        public Builder overlapAllToAll(boolean value) {
            overlapAllToAll = value;
            return this;
        }

        public TrainingJob build() {
            return new TrainingJob(model, seq, globalBatch, gpus, gpu, cluster, precision, optimizer, attention,
                    dropout, gemmEfficiency, flops, overlapGradReduce, overlapAllToAll);
        }
    }
}
