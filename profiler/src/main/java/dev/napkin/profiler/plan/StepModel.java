package dev.napkin.profiler.plan;

import dev.napkin.estimator.cluster.ClusterSpec;
import dev.napkin.estimator.cluster.Collective;
import dev.napkin.estimator.flops.FlopsPerToken;
import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.memory.ActivationSettings;
import dev.napkin.estimator.memory.ExpertParallel;
import dev.napkin.estimator.memory.MemoryBreakdown;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.TrainingStepOps;
import dev.napkin.profiler.plan.LayerCosts.StageCosts;
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
        String shard = TensorShard.whyNot(shape, t);
        if (shard != null) {
            return shard;
        }
        String experts = whyNotExperts(l);
        if (experts != null) {
            return experts;
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

    /**
     * Expert parallelism needs a mixture of experts whose every MoE layer's expert count EP divides; with TP as
     * well, sequence parallelism (Megatron-LM's arguments.py asserts it: "When using MoE and tensor parallelism,
     * sequence parallelism must be used"), so that each TP rank routes its own 1/t of the tokens.
     */
    private String whyNotExperts(Layout l) {
        if (shape.isMixtureOfExperts() && l.tensorParallel() > 1 && !l.sequenceParallel()) {
            return "--tensor-parallel " + l.tensorParallel() + " on a mixture of experts needs sequence parallelism "
                    + "(Megatron-LM requires it); add --sequence-parallel";
        }
        return whyInvalidExpertParallel(l.expertParallel());
    }

    /** Why this model cannot split its experts EP ways (one line naming the fix), or null when it can. */
    public String whyInvalidExpertParallel(int ep) {
        if (ep == 1) {
            return null;
        }
        if (!shape.isMixtureOfExperts()) {
            return "--expert-parallel " + ep + " needs a mixture-of-experts model; " + job.model().id()
                    + " is dense (drop the option)";
        }
        for (int layer = 0; layer < shape.layers(); layer++) {
            int experts = TrainingStepOps.routedExperts(shape, layer);
            if (experts > 1 && experts % ep != 0) {
                return "--expert-parallel " + ep + " does not divide the " + experts + " experts of layer " + layer
                        + "; pick a divisor of " + experts;
            }
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
        int ep = l.expertParallel();
        int m = microBatches(l);
        boolean sp = l.sequenceParallel() && t > 1;
        LayerCosts k = costs(t, c, ep, l.microBatch());

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
        double a2aPerLayer = allToAllPerMoeLayer(l);

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
        double slowestA2a = 0;
        double slowestA2aExposed = 0;
        double maxParams = 0;
        double maxExpertParams = 0;
        int from = 0;
        for (int i = 0; i < p; i++) {
            StageCosts st = v == 1 ? k.layers(from, from + layers[i]) : interleaved(k, p, v, i);
            from += layers[i];
            int n = layers[i];
            double f = st.forward(sp, t) + (i == 0 ? k.embedForward : 0) + (i == p - 1 ? k.headForward : 0);
            double b = st.backward(sp, t) + (i == 0 ? k.embedBackward : 0) + (i == p - 1 ? k.headBackward : 0);
            double r = switch (l.recompute()) {
                case NONE -> 0;
                case SELECTIVE -> st.attentionForward();
                case FULL -> st.forward(sp, t);
            };
            double tp = n * tpPerLayer;
            double cpSeconds = c > 1 ? n * ring * (cpPasses + 2) : 0;
            double cpExposed = c > 1 ? Math.max(0, n * ring - st.attentionForward()) * cpPasses
                    + Math.max(0, 2 * n * ring - st.attentionBackward()) : 0;
            double a2a = st.moeLayers() * a2aPerLayer;
            // DualPipe pairs one micro-batch's forward chunk with another's backward chunk, so each one's
            // all-to-alls run under the other's compute (DeepSeek-V3 report, section 3.2.1, figure 4); a pipeline
            // with one micro-batch has no partner to pair it with
            double a2aExposed = job.overlapAllToAll() && m > 1 ? Math.max(0, a2a - (f + b + r)) : a2a;
            double stage = f + b + r + tp + cpExposed + a2aExposed;
            if (stage > slowest) {
                slowest = stage;
                slowestForward = f;
                slowestBackward = b;
                slowestRecompute = r;
                slowestTp = tp;
                slowestCp = cpSeconds;
                slowestCpExposed = cpExposed;
                slowestA2a = a2a;
                slowestA2aExposed = a2aExposed;
            }
            double params = st.params() + (i == 0 ? k.embedParams : 0) + (i == p - 1 ? k.headParams : 0);
            if (params > maxParams) {
                maxParams = params;
                maxExpertParams = st.expertParams();
            }
        }
        double bubble = p > 1 ? (p - 1.0) / v * slowest : 0;

        // pipeline sends: each micro-batch crosses v stage boundaries each way; Megatron-LM sends 1/t of the
        // activation per rank and all-gathers it inside the node (Narayanan et al. 2021, section 4.1)
        CommTime pipeline = CommTime.NONE;
        if (p > 1) {
            double send = cluster.seconds(Collective.POINT_TO_POINT, tpBytes / t, 2, t * c * l.dataParallel());
            pipeline = CommTime.exposed(2.0 * v * m * send);
        }

        // gradients and weights: the dense ones over the DP x CP group; each routed expert's over the
        // DP x CP / EP ranks that hold the same experts, 1/EP as many of them (Megatron-Core's expert data parallel)
        int g = l.gradientGroup();
        double denseParams = maxParams - maxExpertParams;
        double gradientBytes = job.precision().gradientBytes();
        double weightBytes = job.precision().weightBytes();
        CommTime dp = CommTime.NONE;
        CommTime gather = CommTime.NONE;
        if (g > 1) {
            double lastBackward = slowestBackward + slowestRecompute;
            double firstForward = slowestForward;
            if (l.zero() == 0) {
                double ar = grouped(Collective.ALL_REDUCE, denseParams, maxExpertParams, gradientBytes, g, t, ep);
                dp = job.overlapGradReduce() ? CommTime.overlapped(ar, lastBackward) : CommTime.exposed(ar);
            } else if (l.zero() <= 2) {
                // ZeRO 1-2 (Megatron-LM's distributed optimizer): reduce-scatter the gradients, all-gather the
                // updated weights
                double rs = grouped(Collective.REDUCE_SCATTER, denseParams, maxExpertParams, gradientBytes, g, t, ep);
                double ag = grouped(Collective.ALL_GATHER, denseParams, maxExpertParams, weightBytes, g, t, ep);
                dp = job.overlapGradReduce() ? CommTime.overlapped(rs, lastBackward) : CommTime.exposed(rs);
                gather = job.overlapGradReduce() ? CommTime.overlapped(ag, firstForward) : CommTime.exposed(ag);
            } else {
                // ZeRO 3: every micro-batch gathers the weights for forward and again for backward (and for the
                // recomputed forward) and reduce-scatters its gradients, prefetched behind the compute
                double rs = grouped(Collective.REDUCE_SCATTER, denseParams, maxExpertParams, gradientBytes, g, t, ep);
                double ag = grouped(Collective.ALL_GATHER, denseParams, maxExpertParams, weightBytes, g, t, ep);
                double gathers = ag * (l.recompute() == Recompute.FULL ? 3 : 2);
                double microCompute = slowestForward + slowestBackward + slowestRecompute;
                gather = CommTime.overlapped(gathers, microCompute).times(m);
                dp = CommTime.overlapped(rs, Math.max(0, microCompute - gathers)).times(m);
            }
        }

        // optimizer: reads gradient, master weight and state, writes master weight, state and the weight copy,
        // once per parameter it owns (ZeRO 1+ owns 1/g of the dense ones and 1/(g/EP) of its 1/EP of the experts)
        boolean sharded = l.zero() >= 1;
        double owned = denseParams / (sharded ? g : 1) + maxExpertParams / ep / (sharded ? (double) g / ep : 1);
        double stateBytesPerParam = job.optimizer().stateBytes(job.model(), job.precision()) / job.model().totalParams();
        double updateBytes = owned * (job.precision().gradientBytes() + job.precision().weightBytes()
                + 2 * job.precision().masterWeightBytes() + 2 * stateBytesPerParam);
        double bandwidth = job.gpu().memoryBandwidthBytesPerSec();
        double optimizer = updateBytes / (bandwidth * job.gemmEfficiency().memoryFraction(updateBytes));

        StepBreakdown breakdown = new StepBreakdown(m * slowestForward, m * slowestBackward, m * slowestRecompute,
                CommTime.exposed(m * slowestTp), new CommTime(m * slowestCp, m * slowestCpExposed),
                new CommTime(m * slowestA2a, m * slowestA2aExposed), pipeline, bubble, dp, gather, optimizer);
        double step = breakdown.stepSeconds();
        double tokensPerSecond = job.tokensPerStep() / step;
        double modelFlops = perToken.model() * tokensPerSecond / job.gpus();
        double hardwareFlops = perToken.hardware(l.recompute()) * tokensPerSecond / job.gpus();
        MemoryBreakdown memory = PlanMemory.of(job, l);
        return new Prediction(l, breakdown, step, tokensPerSecond, modelFlops, hardwareFlops, modelFlops / peak,
                hardwareFlops / peak, memory, memory.total() <= job.gpu().memoryBytes());
    }

    /**
     * Seconds of the all-to-alls of one MoE layer for one micro-batch: dispatch and combine forward, their
     * gradients backward, and the forward's again under full recompute, each of the bytes one GPU sends
     * ({@link ExpertParallel#tokenBytes}: its tokens' C-wide states to each of their k experts; with TP and
     * sequence parallelism each rank routes 1/t of the tokens) over the EP ranks, which lie TP x CP apart: on
     * NVLink when they share a node, else on each GPU's NIC.
     */
    double allToAllPerMoeLayer(Layout l) {
        int ep = l.expertParallel();
        if (ep == 1) {
            return 0;
        }
        int t = l.tensorParallel();
        ActivationSettings a = new ActivationSettings(l.microBatch(), job.seq() / l.contextParallel(), l.recompute(),
                job.attention() == AttentionKind.FUSED, job.dropout());
        ExpertParallel.MoeTokenBytes bytes = new ExpertParallel(ep).tokenBytes(shape, a, (int) activationBytes);
        int stride = t * l.contextParallel();
        double dispatch = cluster.seconds(Collective.ALL_TO_ALL, bytes.dispatchBytesPerLayer() / t, ep, stride);
        double combine = cluster.seconds(Collective.ALL_TO_ALL, bytes.combineBytesPerLayer() / t, ep, stride);
        int forwardPasses = l.recompute() == Recompute.FULL ? 2 : 1;
        return (dispatch + combine) * (forwardPasses + 1);
    }

    /** The costs of stage i's v model chunks under interleaving: chunks i, i + p, ..., each L/(p·v) layers. */
    private StageCosts interleaved(LayerCosts k, int p, int v, int i) {
        int chunk = shape.layers() / (p * v);
        StageCosts sum = StageCosts.NONE;
        for (int j = 0; j < v; j++) {
            int start = (j * p + i) * chunk;
            sum = sum.plus(k.layers(start, start + chunk));
        }
        return sum;
    }

    /**
     * A collective over the dense parameters' bytes among g ranks TP apart, plus one over the routed experts' 1/EP
     * among the g/EP ranks holding the same experts; the two as one when EP is 1.
     */
    private double grouped(Collective collective, double denseParams, double expertParams, double bytesPerParam,
                           int g, int t, int ep) {
        if (ep == 1) {
            return cluster.seconds(collective, (denseParams + expertParams) * bytesPerParam, g, t);
        }
        return cluster.seconds(collective, denseParams * bytesPerParam, g, t)
                + cluster.seconds(collective, expertParams / ep * bytesPerParam, g / ep, t * ep);
    }

    private LayerCosts costs(int t, int c, int ep, int b) {
        long key = ((long) t << 48) | ((long) c << 32) | ((long) ep << 16) | b;
        LayerCosts k = costs.get(key);
        if (k == null) {
            k = LayerCosts.of(shape, t, c, ep, b, job.seq(), job.precision().computeDtype(), job.dropout(),
                    job.attention(), job.gpu(), job.gemmEfficiency());
            costs.put(key, k);
        }
        return k;
    }
}
