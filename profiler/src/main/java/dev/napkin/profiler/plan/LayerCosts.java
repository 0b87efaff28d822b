package dev.napkin.profiler.plan;

import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.LayerLayout;
import dev.napkin.estimator.model.LayerSpec;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.AttentionKind;
import dev.napkin.profiler.CountMode;
import dev.napkin.profiler.OpCost;
import dev.napkin.profiler.OpKind;
import dev.napkin.profiler.ProfileSettings;
import dev.napkin.profiler.TrainingStepOps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seconds one GPU spends on one micro-batch of b sequences, per transformer layer and in the embedding and head,
 * for a tensor-parallel size t, a context-parallel size c and an expert-parallel size EP: the profiler's ops of the
 * model with heads, K/V heads, MLP widths and vocabulary split t ways (Megatron-LM's column and row parallel layers,
 * Shoeybi et al. 2019 section 3; vocabulary-parallel embedding and head), at sequence s/c, with the attention core
 * scaled by c (each rank's s/c queries attend to all s keys: Liu et al. 2023, ring attention).
 *
 * <p>Each op's forward and backward take max(FLOPs / (peak · f), bytes / (bandwidth · g)) (Williams et al. 2009,
 * roofline) with f the GEMM table's fraction for a GEMM of its size (elementwise ops at the fp32 vector peak, as
 * {@code napkin profile} runs them) and g the table's memory fraction for its transfer size. A routed expert's GEMM
 * sees its share of the routed tokens: with EP the E/EP experts of a GPU take the tokens of EP GPUs, so each GEMM is
 * EP/E of the routed work (balanced routing).
 *
 * <p>Layers whose shapes are all alike are walked once and stand for every layer; a model with a layer layout
 * (sliding and full attention, dense and MoE layers) is walked once per distinct kind of layer, and a pipeline stage
 * sums its own layers.
 */
final class LayerCosts {
    /** Per-layer components, each as prefix sums over the layers (or one value for alike layers). */
    private static final int FWD = 0;
    private static final int BWD = 1;
    private static final int REPLICATED_FWD = 2;
    private static final int REPLICATED_BWD = 3;
    private static final int ATTENTION_FWD = 4;
    private static final int ATTENTION_BWD = 5;
    private static final int PARAMS = 6;
    private static final int EXPERT_PARAMS = 7;
    private static final int MOE_LAYERS = 8;
    private static final int COMPONENTS = 9;

    private final boolean alike;
    private final double[][] prefix;
    final double embedForward;
    final double embedBackward;
    final double headForward;
    final double headBackward;
    final double embedParams;
    final double headParams;

    private LayerCosts(boolean alike, double[][] prefix, double[] outside) {
        this.alike = alike;
        this.prefix = prefix;
        this.embedForward = outside[0];
        this.embedBackward = outside[1];
        this.headForward = outside[2];
        this.headBackward = outside[3];
        this.embedParams = outside[4];
        this.headParams = outside[5];
    }

    static LayerCosts of(ModelShape s, int t, int c, int ep, int b, int seq, ComputeDtype dtype, Dropout dropout,
                         AttentionKind attention, GpuSpec gpu, GemmEfficiency table) {
        ModelShape shard = TensorShard.of(s, t);
        boolean alike = shard.layoutOrNull() == null;
        // a layout is walked once per distinct kind of layer (DeepSeek-V3's 61 layers are 2 kinds), then spread
        int[] kindOf = alike ? new int[] {0} : new int[shard.layers()];
        ModelShape walked = alike ? oneLayer(shard) : distinctLayers(shard, kindOf);
        List<OpCost> ops = TrainingStepOps.full(walked,
                new ProfileSettings(b, seq / c, dtype, dropout, attention, CountMode.FULL));
        double matmulPeak = gpu.requirePeakFlopsPerSec(dtype);
        double vectorPeak = gpu.peakFlopsPerSec(ComputeDtype.FP32).orElse(matmulPeak);
        double bandwidth = gpu.memoryBandwidthBytesPerSec();
        GemmEfficiency.Curve curve = table.curve(gpu.id());
        int layers = walked.layers();
        double[][] perLayer = new double[COMPONENTS][layers];
        double[] outside = new double[6];
        for (OpCost op : ops) {
            boolean core = isAttentionCore(op);
            boolean expert = TrainingStepOps.isRoutedExpert(walked, op);
            double scale = core ? coreScale(walked, op.layer(), seq, c, attention) : 1;
            double gemmSize = op.forwardFlops() * scale;
            if (expert) {
                gemmSize *= (double) ep / TrainingStepOps.routedExperts(walked, op.layer());
            }
            double peak = op.kind().isMatmul() ? matmulPeak * GemmEfficiency.fraction(curve, gemmSize) : vectorPeak;
            double fwdBytes = (op.forwardBytesRead() + op.forwardBytesWritten()) * scale;
            double bwdBytes = (op.backwardBytesRead() + op.backwardBytesWritten()) * scale;
            double fwd = Math.max(op.forwardFlops() * scale / peak,
                    fwdBytes / (bandwidth * table.memoryFraction(fwdBytes)));
            double bwd = Math.max(op.backwardFlops() * scale / peak,
                    bwdBytes / (bandwidth * table.memoryFraction(bwdBytes)));
            int l = op.layer();
            if (l != OpCost.OUTSIDE_LAYERS) {
                perLayer[FWD][l] += fwd;
                perLayer[BWD][l] += bwd;
                if (isReplicated(op)) {
                    perLayer[REPLICATED_FWD][l] += fwd;
                    perLayer[REPLICATED_BWD][l] += bwd;
                }
                if (core) {
                    perLayer[ATTENTION_FWD][l] += fwd;
                    perLayer[ATTENTION_BWD][l] += bwd;
                }
                perLayer[PARAMS][l] += op.params();
                if (expert) {
                    perLayer[EXPERT_PARAMS][l] += op.params();
                    perLayer[MOE_LAYERS][l] = 1;
                }
            } else if (isHead(op.kind())) {
                outside[2] += fwd;
                outside[3] += bwd;
                outside[5] += op.params();
            } else {
                outside[0] += fwd;
                outside[1] += bwd;
                outside[4] += op.params();
            }
        }
        double[][] prefix = new double[COMPONENTS][];
        for (int k = 0; k < COMPONENTS; k++) {
            if (alike) {
                prefix[k] = perLayer[k];
            } else {
                prefix[k] = new double[kindOf.length + 1];
                for (int l = 0; l < kindOf.length; l++) {
                    prefix[k][l + 1] = prefix[k][l] + perLayer[k][kindOf[l]];
                }
            }
        }
        return new LayerCosts(alike, prefix, outside);
    }

    /** The costs of layers [from, to) of the whole model. */
    StageCosts layers(int from, int to) {
        double[] v = new double[COMPONENTS];
        for (int k = 0; k < COMPONENTS; k++) {
            v[k] = alike ? (to - from) * prefix[k][0] : prefix[k][to] - prefix[k][from];
        }
        return new StageCosts(v[FWD], v[BWD], v[REPLICATED_FWD], v[REPLICATED_BWD], v[ATTENTION_FWD],
                v[ATTENTION_BWD], v[PARAMS], v[EXPERT_PARAMS], v[MOE_LAYERS]);
    }

    /**
     * What a run of layers costs one GPU per micro-batch.
     *
     * @param replicatedForward the part of {@code forward} in ops that TP leaves whole on every rank (norms,
     *                          residuals, dropout of the residual stream) and sequence parallelism splits t ways
     * @param attentionForward  forward of the attention core (QKᵀ, mask, softmax, dropout, PV, or the fused
     *                          kernel): what selective recompute reruns, and what context parallelism overlaps K/V
     *                          exchange with
     * @param params            parameters on one GPU (before expert parallelism)
     * @param expertParams      of those, the routed experts', which EP splits
     * @param moeLayers         layers with routed experts (each pays the all-to-all)
     */
    record StageCosts(double forward, double backward, double replicatedForward, double replicatedBackward,
                      double attentionForward, double attentionBackward, double params, double expertParams,
                      double moeLayers) {
        static final StageCosts NONE = new StageCosts(0, 0, 0, 0, 0, 0, 0, 0, 0);

        StageCosts plus(StageCosts o) {
            return new StageCosts(forward + o.forward, backward + o.backward,
                    replicatedForward + o.replicatedForward, replicatedBackward + o.replicatedBackward,
                    attentionForward + o.attentionForward, attentionBackward + o.attentionBackward,
                    params + o.params, expertParams + o.expertParams, moeLayers + o.moeLayers);
        }

        /** Forward with sequence parallelism splitting the replicated ops t ways, or not. */
        double forward(boolean sequenceParallel, int t) {
            return sequenceParallel ? forward - replicatedForward * (1 - 1.0 / t) : forward;
        }

        double backward(boolean sequenceParallel, int t) {
            return sequenceParallel ? backward - replicatedBackward * (1 - 1.0 / t) : backward;
        }
    }

    /** A shape of the layout's distinct layers, in order of first appearance; {@code kindOf[l]} is layer l's. */
    private static ModelShape distinctLayers(ModelShape s, int[] kindOf) {
        Map<LayerSpec, Integer> kinds = new LinkedHashMap<>();
        List<LayerSpec> layers = s.layoutOrNull().layers();
        for (int l = 0; l < layers.size(); l++) {
            Integer k = kinds.putIfAbsent(layers.get(l), kinds.size());
            kindOf[l] = k == null ? kinds.size() - 1 : k;
        }
        LayerLayout distinct = new LayerLayout(s.layoutOrNull().architecture(), List.copyOf(kinds.keySet()));
        return s.toBuilder().layers(kinds.size()).layout(distinct).build();
    }

    /** One layer of a shape whose layers are all alike (it has no layout). */
    private static ModelShape oneLayer(ModelShape s) {
        return s.toBuilder().layers(1).build();
    }

    /*
     * Context parallelism: the layer is walked at seq/c queries, but each GPU's queries attend over the keys of the
     * whole sequence that their span holds (the K/V ring brings the rest), so the attention core grows by
     * keys(seq)/keys(seq/c): c for full attention, and for a window W of a fused kernel min(W, seq)/min(W, seq/c),
     * which is 1 once W fits in one GPU's share. Eager attention computes every score whatever the window.
     */
    private static double coreScale(ModelShape walked, int layer, int seq, int c, AttentionKind attention) {
        if (c == 1 || walked.layoutOrNull() == null || attention != AttentionKind.FUSED) {
            return c;
        }
        var span = walked.layoutOrNull().layers().get(layer).span();
        return span.keysPerQuery(seq) / span.keysPerQuery(seq / c);
    }

    private static boolean isAttentionCore(OpCost op) {
        return switch (op.kind()) {
            case ATTN_SCORES, SCALE_MASK, SOFTMAX, ATTN_VALUES, FUSED_ATTENTION -> true;
            case DROPOUT -> op.name().endsWith("attn.dropout");
            default -> false;
        };
    }

    private static boolean isReplicated(OpCost op) {
        return switch (op.kind()) {
            case LAYER_NORM, RMS_NORM, RESIDUAL -> op.layer() == OpCost.OUTSIDE_LAYERS || !op.name().contains(".attn.");
            case DROPOUT -> !op.name().endsWith("attn.dropout");
            default -> false;
        };
    }

    private static boolean isHead(OpKind kind) {
        return kind == OpKind.LAYER_NORM || kind == OpKind.RMS_NORM || kind == OpKind.LM_HEAD
                || kind == OpKind.CROSS_ENTROPY;
    }
}
