package dev.napkin.profiler.plan;

import dev.napkin.estimator.model.Dropout;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.gpu.ComputeDtype;
import dev.napkin.gpu.GpuSpec;
import dev.napkin.profiler.CountMode;
import dev.napkin.profiler.OpCost;
import dev.napkin.profiler.OpKind;
import dev.napkin.profiler.ProfileSettings;
import dev.napkin.profiler.TrainingStepOps;
import java.util.List;

/**
 * Seconds one GPU spends on one micro-batch of b sequences, per transformer layer and in the embedding and head,
 * for a tensor-parallel size t and a context-parallel size c: the profiler's ops of a one-layer model whose
 * heads, K/V heads, MLP width and vocabulary are split t ways (Megatron-LM's column and row parallel layers,
 * Shoeybi et al. 2019 section 3; vocabulary-parallel embedding and head), at sequence s/c, with the attention core
 * scaled by c (each rank's s/c queries attend to all s keys: Liu et al. 2023, ring attention).
 *
 * <p>Each op's forward and backward take max(FLOPs / (peak · f), bytes / (bandwidth · g)) (Williams et al. 2009,
 * roofline) with f the GEMM table's fraction for a GEMM of its size (elementwise ops at the fp32 vector peak, as
 * {@code napkin profile} runs them) and g the table's memory fraction for its transfer size.
 *
 * @param replicatedForward  the part of {@code layerForward} in ops that TP leaves whole on every rank (norms,
 *                           residuals, dropout of the residual stream) and sequence parallelism splits t ways
 * @param attentionForward   forward of the attention core (QKᵀ, mask, softmax, dropout, PV, or the fused kernel):
 *                           what selective recompute reruns, and what context parallelism overlaps K/V exchange with
 * @param layerParams        parameters of one layer on one GPU
 * @param outsideParams      embedding and head parameters on one GPU (first and last stage)
 */
record LayerCosts(double layerForward, double layerBackward, double replicatedForward, double replicatedBackward,
                  double attentionForward, double attentionBackward, double embedForward, double embedBackward,
                  double headForward, double headBackward, double layerParams, double embedParams,
                  double headParams) {

    static LayerCosts of(ModelShape s, int t, int c, int b, int seq, ComputeDtype dtype, Dropout dropout,
                         dev.napkin.profiler.AttentionKind attention, GpuSpec gpu, GemmEfficiency table) {
        ModelShape shard = new ModelShape(1, s.dModel(), s.heads() / t, Math.max(1, s.kvHeads() / t), s.headDim(),
                s.ffnHidden() / t, (s.vocab() + t - 1) / t, s.context(), s.mlp(), s.norm(), s.position(),
                s.qkvBias(), s.outBias(), s.mlpBias(), s.tiedEmbeddings(), s.experts(), s.expertsPerToken());
        List<OpCost> ops = TrainingStepOps.full(shard,
                new ProfileSettings(b, seq / c, dtype, dropout, attention, CountMode.FULL));
        double matmulPeak = gpu.requirePeakFlopsPerSec(dtype);
        double vectorPeak = gpu.peakFlopsPerSec(ComputeDtype.FP32).orElse(matmulPeak);
        double bandwidth = gpu.memoryBandwidthBytesPerSec();
        GemmEfficiency.Curve curve = table.curve(gpu.id());
        double[] sums = new double[13];
        for (OpCost op : ops) {
            boolean core = isAttentionCore(op);
            double scale = core ? c : 1;
            double gemmSize = op.forwardFlops() * scale;
            if (s.isMixtureOfExperts() && isExpertMatmul(op.kind())) {
                gemmSize /= s.experts(); // each expert's GEMM sees its share of the routed tokens
            }
            double peak = op.kind().isMatmul() ? matmulPeak * GemmEfficiency.fraction(curve, gemmSize) : vectorPeak;
            double fwdBytes = (op.forwardBytesRead() + op.forwardBytesWritten()) * scale;
            double bwdBytes = (op.backwardBytesRead() + op.backwardBytesWritten()) * scale;
            double fwd = Math.max(op.forwardFlops() * scale / peak,
                    fwdBytes / (bandwidth * table.memoryFraction(fwdBytes)));
            double bwd = Math.max(op.backwardFlops() * scale / peak,
                    bwdBytes / (bandwidth * table.memoryFraction(bwdBytes)));
            if (op.layer() >= 0) {
                sums[0] += fwd;
                sums[1] += bwd;
                if (isReplicated(op)) {
                    sums[2] += fwd;
                    sums[3] += bwd;
                }
                if (core) {
                    sums[4] += fwd;
                    sums[5] += bwd;
                }
                sums[10] += op.params();
            } else if (isHead(op.kind())) {
                sums[8] += fwd;
                sums[9] += bwd;
                sums[12] += op.params();
            } else {
                sums[6] += fwd;
                sums[7] += bwd;
                sums[11] += op.params();
            }
        }
        return new LayerCosts(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], sums[8],
                sums[9], sums[10], sums[11], sums[12]);
    }

    /** Forward of one layer with sequence parallelism splitting the replicated ops t ways, or not. */
    double forward(boolean sequenceParallel, int t) {
        return sequenceParallel ? layerForward - replicatedForward * (1 - 1.0 / t) : layerForward;
    }

    double backward(boolean sequenceParallel, int t) {
        return sequenceParallel ? layerBackward - replicatedBackward * (1 - 1.0 / t) : layerBackward;
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
            case LAYER_NORM, RMS_NORM, RESIDUAL -> true;
            case DROPOUT -> !op.name().endsWith("attn.dropout");
            default -> false;
        };
    }

    private static boolean isExpertMatmul(OpKind kind) {
        return kind == OpKind.MLP_UP || kind == OpKind.MLP_GATE || kind == OpKind.MLP_DOWN;
    }

    private static boolean isHead(OpKind kind) {
        return kind == OpKind.LAYER_NORM || kind == OpKind.RMS_NORM || kind == OpKind.LM_HEAD
                || kind == OpKind.CROSS_ENTROPY;
    }
}
