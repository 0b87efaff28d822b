package dev.napkin.profiler.plan;

import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.ExpertParallel;
import dev.napkin.estimator.memory.MemoryBreakdown;
import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.memory.Parallelism;
import dev.napkin.profiler.AttentionKind;
import java.util.Optional;

/**
 * Bytes per GPU of a layout, from the estimator's memory model: model states sharded over TP x PP and, by ZeRO,
 * over DP x CP (Megatron-LM's distributed optimizer shards over both); activations at sequence s/CP; the first
 * pipeline stage keeps p micro-batches in flight (Korthikanti et al. 2022, eq. 5), and the interleaved schedule's
 * extra warm-up micro-batches multiply that by 1 + (p−1)/(p·v) (ibid. section 4.2.3; Megatron-LM's warm-up count
 * 2(p−1) + (v−1)·p model chunks on the first stage); with expert parallelism the routed experts' states split EP ways
 * more, as {@code napkin memory --expert-parallel} counts them.
 */
final class PlanMemory {
    private PlanMemory() {
    }

    static MemoryBreakdown of(TrainingJob job, Layout l) {
        int t = l.tensorParallel();
        int p = l.pipelineParallel();
        int group = l.gradientGroup();
        Parallelism parallelism = new Parallelism(group * t * p, group, t, p, l.zero(), l.sequenceParallel());
        ActivationSettings settings = new ActivationSettings(l.microBatch(), job.seq() / l.contextParallel(),
                l.recompute(), job.attention() == AttentionKind.FUSED, job.dropout());
        MemoryEstimate m = MemoryEstimate.of(job.model(), job.precision(), job.optimizer(), parallelism,
                Optional.of(settings), new ExpertParallel(l.expertParallel()));
        MemoryBreakdown b = m.breakdown();
        if (l.virtualStages() > 1 && "first".equals(m.pipelineStage())) {
            double factor = 1 + (p - 1.0) / ((double) p * l.virtualStages());
            return new MemoryBreakdown(b.weights(), b.gradients(), b.optimizerState(), b.masterWeights(),
                    b.activations() * factor, b.logits(), b.workspace(), b.fixedWorkspace());
        }
        return b;
    }
}
