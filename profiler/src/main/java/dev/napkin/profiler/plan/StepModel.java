package dev.napkin.profiler.plan;

import dev.napkin.estimator.cluster.ClusterSpec;
import dev.napkin.estimator.cluster.Collective;
import dev.napkin.estimator.flops.FlopsPerToken;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.MemoryBreakdown;
import dev.napkin.estimator.model.ModelShape;
import java.util.HashMap;
import java.util.Map;

/**
 * Predicts the step time of a {@link TrainingJob} under a {@link Layout}: per micro-batch, each layer's forward,
 * backward and recompute from the profiler's ops ({@link LayerCosts}) plus its tensor- and context-parallel
 * communication; the slowest pipeline stage times the number of micro-batches plus the interleaved 1F1B bubble
 * of (p−1)/v micro-batch times (Narayanan et al. 2021, section 2.2.2); pipeline sends; the data-parallel gradient
 * reduction and ZeRO's gathers, hidden behind backward or forward where the framework overlaps them; and the
 * optimizer step at memory bandwidth.
 */
public final class StepModel {
    private final TrainingJob job;
    private final ModelShape shape;
    private final ClusterSpec cluster;
    private final double peak;
    private final FlopsPerToken perToken;
    private final double activationBytes;
    private final Map<Long, LayerCosts> costs = new HashMap<>();

    public StepModel(TrainingJob job) {
        this.job = job;
        this.shape = job.shape();
        this.cluster = job.cluster();
        this.peak = job.gpu().requirePeakFlopsPerSec(job.precision().computeDtype());
        this.perToken = job.flops().perToken(job.model(), job.seq());
        this.activationBytes = job.precision().activationBytes();
    }

    public TrainingJob job() {
        return job;
    }

    /** The dense peak MFU divides by. */
    public double peakFlopsPerSec() {
        return peak;
    }

    /** Why {@code l} cannot run this job (one line naming the value and the fix), or null when it can. */
    public String whyInvalid(Layout l) {
        int t = l.tensorParallel();
        int p = l.pipelineParallel();
        int c = l.contextParallel();
        if (l.gpus() != job.gpus()) {
            return "TP " + t + " x CP " + c + " x DP " + l.dataParallel() + " x PP " + p + " = " + l.gpus()
                    + " GPUs, not --gpus " + job.gpus() + "; make the product equal the GPU count";
        }
        if (shape.heads() % t != 0 || shape.ffnHidden() % t != 0) {
            return "--tensor-parallel " + t + " does not divide the " + shape.heads() + " heads and MLP width "
                    + shape.ffnHidden() + "; pick a divisor of both";
        }
        if (shape.kvHeads() % t != 0 && t % shape.kvHeads() != 0) {
            return "--tensor-parallel " + t + " neither divides nor is a multiple of the " + shape.kvHeads()
                    + " K/V heads; pick a divisor or multiple";
        }
        if (c > 1 && job.seq() % (2 * c) != 0) {
            return "--context-parallel " + c + " needs --seq divisible by 2 x " + c + " (each rank takes two "
                    + "balanced chunks of the causal sequence); pick a power of two that divides it";
        }
        if (p > shape.layers()) {
            return "--pipeline-parallel " + p + " is more than the " + shape.layers() + " layers";
        }
        if (l.virtualStages() > 1 && shape.layers() % (p * l.virtualStages()) != 0) {
            return "--virtual-stages " + l.virtualStages() + " x --pipeline-parallel " + p + " does not divide the "
                    + shape.layers() + " layers; interleaving needs equal model chunks";
        }
        long perStep = (long) l.dataParallel() * l.microBatch();
        if (job.globalBatch() % perStep != 0) {
            return "--global-batch " + job.globalBatch() + " is not a multiple of DP " + l.dataParallel()
                    + " x --micro-batch " + l.microBatch() + "; pick sizes whose product divides it";
        }
        if (l.virtualStages() > 1 && microBatches(l) % p != 0) {
            return "the interleaved schedule needs the " + microBatches(l) + " micro-batches to be a multiple of "
                    + "--pipeline-parallel " + p + "; change --micro-batch or --virtual-stages 1";
        }
        return null;
    }

    /** Micro-batches each pipeline runs per step: B / (DP x b). */
    public int microBatches(Layout l) {
        return job.globalBatch() / (l.dataParallel() * l.microBatch());
    }

    /** The predicted step of a valid layout (check {@link #whyInvalid} first). */
    public Prediction predict(Layout l) {
        int t = l.tensorParallel();
        int p = l.pipelineParallel();
        int c = l.contextParallel();
        int v = l.virtualStages();
        int m = microBatches(l);
        boolean sp = l.sequenceParallel() && t > 1;
        LayerCosts k = costs(t, c, l.microBatch());

        double fwd = k.forward(sp, t);
        double bwd = k.backward(sp, t);
        double recompute = switch (l.recompute()) {
            case NONE -> 0;
            case SELECTIVE -> k.attentionForward();
            case FULL -> fwd;
        };
        // Megatron-LM's TP: two all-reduces of the (b, s/c, C) activations in forward and two in backward
        // (Shoeybi et al. 2019, figure 4); with sequence parallelism an all-gather and a reduce-scatter in their
        // place, the same bytes (Korthikanti et al. 2022, section 4.2.2); full recompute repeats the forward's
        double tokens = (double) l.microBatch() * job.seq() / c;
        double tpBytes = tokens * shape.dModel() * activationBytes;
        double allReduce = cluster.seconds(Collective.ALL_REDUCE, tpBytes, t, 1);
        double tpPerLayer = allReduce * (4 + (l.recompute() == Recompute.FULL ? 2 : 0));
        // context parallelism: K and V chunks go round the ring, c−1 sends forward, twice that backward (K, V and
        // their gradients), each overlapped with the attention core of the chunk in hand (Liu et al. 2023)
        double kvBytes = tokens * 2 * Math.max(1, shape.kvHeads() / t) * shape.headDim() * activationBytes;
        double ring = c > 1 ? (c - 1) * cluster.seconds(Collective.POINT_TO_POINT, kvBytes, c, t) : 0;
        int cpPasses = l.recompute() == Recompute.FULL ? 2 : 1;
        CommTime cpPerLayer = c > 1
                ? new CommTime(ring * (cpPasses + 2), Math.max(0, ring - k.attentionForward()) * cpPasses
                        + Math.max(0, 2 * ring - k.attentionBackward()))
                : CommTime.NONE;

        // the slowest stage sets the pace: layers spread as evenly as PP allows, the first stage adds the
        // embedding, the last the head and loss
        int[] layers = StageLayers.split(shape.layers(), p);
        double slowest = 0;
        double slowestForward = 0;
        double slowestBackward = 0;
        double slowestRecompute = 0;
        double slowestTp = 0;
        double slowestCp = 0;
        double slowestCpExposed = 0;
        double maxParams = 0;
        for (int i = 0; i < p; i++) {
            double f = layers[i] * fwd + (i == 0 ? k.embedForward() : 0) + (i == p - 1 ? k.headForward() : 0);
            double b = layers[i] * bwd + (i == 0 ? k.embedBackward() : 0) + (i == p - 1 ? k.headBackward() : 0);
            double r = layers[i] * recompute;
            double tp = layers[i] * tpPerLayer;
            double stage = f + b + r + tp + layers[i] * cpPerLayer.exposedSeconds();
            if (stage > slowest) {
                slowest = stage;
                slowestForward = f;
                slowestBackward = b;
                slowestRecompute = r;
                slowestTp = tp;
                slowestCp = layers[i] * cpPerLayer.seconds();
                slowestCpExposed = layers[i] * cpPerLayer.exposedSeconds();
            }
            double params = layers[i] * k.layerParams() + (i == 0 ? k.embedParams() : 0)
                    + (i == p - 1 ? k.headParams() : 0);
            maxParams = Math.max(maxParams, params);
        }
        double bubble = p > 1 ? (p - 1.0) / v * slowest : 0;

        // pipeline sends: each micro-batch crosses v stage boundaries each way; Megatron-LM sends 1/t of the
        // activation per rank and all-gathers it inside the node (Narayanan et al. 2021, section 4.1)
        CommTime pipeline = CommTime.NONE;
        if (p > 1) {
            double send = cluster.seconds(Collective.POINT_TO_POINT, tpBytes / t, 2, t * c * l.dataParallel());
            pipeline = CommTime.exposed(2.0 * v * m * send);
        }

        int g = l.gradientGroup();
        double gradientBytes = maxParams * job.precision().gradientBytes();
        double weightBytes = maxParams * job.precision().weightBytes();
        CommTime dp = CommTime.NONE;
        CommTime gather = CommTime.NONE;
        if (g > 1) {
            double lastBackward = slowestBackward + slowestRecompute;
            double firstForward = slowestForward;
            if (l.zero() == 0) {
                double ar = cluster.seconds(Collective.ALL_REDUCE, gradientBytes, g, t);
                dp = job.overlapGradReduce() ? CommTime.overlapped(ar, lastBackward) : CommTime.exposed(ar);
            } else if (l.zero() <= 2) {
                // ZeRO 1-2 (Megatron-LM's distributed optimizer): reduce-scatter the gradients, all-gather the
                // updated weights
                double rs = cluster.seconds(Collective.REDUCE_SCATTER, gradientBytes, g, t);
                double ag = cluster.seconds(Collective.ALL_GATHER, weightBytes, g, t);
                dp = job.overlapGradReduce() ? CommTime.overlapped(rs, lastBackward) : CommTime.exposed(rs);
                gather = job.overlapGradReduce() ? CommTime.overlapped(ag, firstForward) : CommTime.exposed(ag);
            } else {
                // ZeRO 3: every micro-batch gathers the weights for forward and again for backward (and for the
                // recomputed forward) and reduce-scatters its gradients, prefetched behind the compute
                double rs = cluster.seconds(Collective.REDUCE_SCATTER, gradientBytes, g, t);
                double ag = cluster.seconds(Collective.ALL_GATHER, weightBytes, g, t);
                double gathers = ag * (l.recompute() == Recompute.FULL ? 3 : 2);
                double microCompute = slowestForward + slowestBackward + slowestRecompute;
                gather = CommTime.overlapped(gathers, microCompute).times(m);
                dp = CommTime.overlapped(rs, Math.max(0, microCompute - gathers)).times(m);
            }
        }

        // optimizer: reads gradient, master weight and state, writes master weight, state and the weight copy,
        // once per parameter it owns (ZeRO 1+ owns 1/g of them); memory-bound
        double owned = maxParams / (l.zero() >= 1 ? g : 1);
        double stateBytesPerParam = job.optimizer().stateBytes(job.model(), job.precision()) / job.model().totalParams();
        double updateBytes = owned * (job.precision().gradientBytes() + job.precision().weightBytes()
                + 2 * job.precision().masterWeightBytes() + 2 * stateBytesPerParam);
        double bandwidth = job.gpu().memoryBandwidthBytesPerSec();
        double optimizer = updateBytes / (bandwidth * job.gemmEfficiency().memoryFraction(updateBytes));

        StepBreakdown breakdown = new StepBreakdown(m * slowestForward, m * slowestBackward, m * slowestRecompute,
                CommTime.exposed(m * slowestTp), new CommTime(m * slowestCp, m * slowestCpExposed), pipeline,
                bubble, dp, gather, optimizer);
        double step = breakdown.stepSeconds();
        double tokensPerSecond = job.tokensPerStep() / step;
        double modelFlops = perToken.model() * tokensPerSecond / job.gpus();
        double hardwareFlops = perToken.hardware(l.recompute()) * tokensPerSecond / job.gpus();
        MemoryBreakdown memory = PlanMemory.of(job, l);
        return new Prediction(l, breakdown, step, tokensPerSecond, modelFlops, hardwareFlops, modelFlops / peak,
                hardwareFlops / peak, memory, memory.total() <= job.gpu().memoryBytes());
    }

    private LayerCosts costs(int t, int c, int b) {
        long key = ((long) t << 40) | ((long) c << 20) | b;
        LayerCosts k = costs.get(key);
        if (k == null) {
            k = LayerCosts.of(shape, t, c, b, job.seq(), job.precision().computeDtype(), job.dropout(),
                    job.attention(), job.gpu(), job.gemmEfficiency());
            costs.put(key, k);
        }
        return k;
    }
}
