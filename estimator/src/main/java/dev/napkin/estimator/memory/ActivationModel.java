package dev.napkin.estimator.memory;

import dev.napkin.estimator.flops.Recompute;
import dev.napkin.estimator.model.MixtureOfExperts;
import dev.napkin.estimator.model.MlpKind;
import dev.napkin.estimator.model.ModelShape;

/**
 * Bytes of activations kept for backward, after Korthikanti et al. 2022, section 4: per layer
 * s·b·h·(34 + 5·a·s/h) bytes for a GPT with 16-bit activations and dropout (eq. 1); (s·b·h/t)·(34 + 5·a·s/h)
 * with tensor and sequence parallelism (eq. 4), s·b·h·(10 + 24/t + 5·a·s/(h·t)) without sequence parallelism
 * (eq. 2); 34·s·b·h when the attention core is recomputed or fused (eq. 6); 2·s·b·h with full recompute.
 * The same accounting, item by item, covers SwiGLU (three F-wide tensors), grouped-query attention (narrower K
 * and V), other activation widths, and no dropout (no masks, no dropout output).
 */
public final class ActivationModel {
    /**
     * Blocks of the GPU trainer's global gradient-norm reduction: one fp32 partial sum each, fixed so that the norm
     * is the same bit for bit on every run.
     */
    public static final int GPU_NORM_BLOCKS = 256;

    private ActivationModel() {
    }

    /**
     * Bytes all the transformer layers keep for one micro-batch on one GPU: {@link #perLayerBytes} times L, or for a
     * layer layout each layer by its own kind ({@link LayoutActivations}).
     */
    public static double layersBytes(ModelShape s, ActivationSettings a, Parallelism p, int activationBytes) {
        if (s.layoutOrNull() != null) {
            return LayoutActivations.layersBytes(s, s.layoutOrNull(), a, p, activationBytes);
        }
        return perLayerBytes(s, a, p, activationBytes) * s.layers();
    }

    /** Bytes one transformer layer keeps for one micro-batch on one GPU. */
    public static double perLayerBytes(ModelShape s, ActivationSettings a, Parallelism p, int activationBytes) {
        double tokens = (double) a.seq() * a.microBatch();
        double h = s.dModel();
        double t = p.tensorParallel();
        // activations Megatron's TP leaves whole on every GPU unless sequence parallelism splits them
        double replicatedShare = p.sequenceParallel() ? 1 / t : 1;
        if (a.recompute() == Recompute.FULL) {
            return tokens * h * activationBytes * replicatedShare;
        }
        int k = s.expertsPerToken();
        // elements replicated across TP: the two norm inputs, the QKV matmul input and the MLP input (k copies
        // for a mixture of experts: each chosen expert sees the token)
        double replicated = tokens * h * (2 + 1 + k);
        // elements split by TP: Q, K, V, the output projection input, the MLP's hidden tensors
        double hidden = s.mlp() == MlpKind.SWIGLU ? 3 : 2;
        double split = tokens * (2.0 * s.attentionWidth() + 2.0 * s.kvWidth())
                + tokens * hidden * s.ffnHidden() * k;

        // a router's E probabilities a token, in fp32, whole on every tensor-parallel rank (it is not split)
        double router = s.isMixtureOfExperts()
                ? tokens * s.experts() * MixtureOfExperts.ROUTER_BYTES * replicatedShare : 0;
        double masks = 0;
        if (a.dropouts().residual()) {
            masks += tokens * h * 2 * replicatedShare; // residual dropout after attention and after the MLP
        }
        boolean storesScores = !a.flashAttention() && a.recompute() == Recompute.NONE;
        if (storesScores) {
            double scores = (double) s.heads() * a.seq() * a.seq() * a.microBatch();
            boolean attentionDropout = a.dropouts().attention();
            split += scores * (attentionDropout ? 2 : 1); // softmax output, and attention dropout's output
            if (attentionDropout) {
                masks += scores / t;
            }
        }
        double statistics = a.trainer().allocatesOnce() ? normStatisticsBytes(tokens, 2) : 0;
        if (a.trainer() == Trainer.GPU_HARNESS && a.flashAttention()) {
            // fused attention keeps one fp32 log-sum-exp per row and head, from which the backward recomputes the
            // probabilities (FlashAttention-2, Dao 2023, algorithms 1 and 2): (B, NH, T), split by heads under TP
            statistics += (double) a.microBatch() * s.heads() * a.seq() * 4 / t;
        }
        return replicated * activationBytes * replicatedShare + split * activationBytes / t + masks + statistics
                + router;
    }

    /** Each LayerNorm's mean and 1/std per token, in fp32: what a hand-written backward reads back. */
    private static double normStatisticsBytes(double tokens, int norms) {
        return tokens * norms * 2 * 4;
    }

    /**
     * Bytes outside the layers on the last pipeline stage: the final norm's input and the LM head's input
     * (Korthikanti et al. 2022, section 4.3), plus the first stage's embedding dropout mask.
     */
    public static double outsideLayersBytes(ModelShape s, ActivationSettings a, Parallelism p, int activationBytes) {
        double tokens = (double) a.seq() * a.microBatch();
        double share = p.sequenceParallel() ? 1.0 / p.tensorParallel() : 1;
        double mask = a.dropouts().embedding() ? tokens * s.dModel() * share : 0;
        double statistics = a.trainer().allocatesOnce() ? normStatisticsBytes(tokens, 1) : 0;
        return 2 * tokens * s.dModel() * activationBytes * share + mask + statistics;
    }

    /**
     * The logits in the compute dtype and their fp32 copy for the loss: s·b·V·(bytes + 4), split by TP; a
     * hand-written trainer computes the softmax and its gradient in place: s·b·V·bytes.
     */
    public static double logitsBytes(ModelShape s, ActivationSettings a, Parallelism p, int activationBytes) {
        int copyBytes = a.trainer().allocatesOnce() ? 0 : 4;
        return (double) a.seq() * a.microBatch() * s.vocab() * (activationBytes + copyBytes) / p.tensorParallel();
    }

    /**
     * A hand-written trainer's backward workspace, reused by every layer: per token the residual stream's gradient
     * (C), one C-wide gradient (a norm's output or the attention output) and the widest layer gradient, the QKV
     * projection's (NH·HS + 2·KV·HS) or the MLP hidden layer's (F), in the activation dtype; plus token ids,
     * targets and losses at 4 bytes each. The GPU trainer adds its attention scratch ({@link Trainer#GPU_HARNESS}).
     * Zero for a framework, whose autograd frees each gradient as it goes. All of it grows with the micro-batch.
     */
    public static double workspaceBytes(ModelShape s, ActivationSettings a, int activationBytes) {
        if (!a.trainer().allocatesOnce()) {
            return 0;
        }
        double tokens = (double) a.seq() * a.microBatch();
        double qkvWidth = s.attentionWidth() + 2.0 * s.kvWidth();
        double widest = Math.max(qkvWidth, s.ffnHidden());
        double gradients = tokens * (2.0 * s.dModel() + widest) * activationBytes + tokens * 3 * 4;
        if (a.trainer() != Trainer.GPU_HARNESS) {
            return gradients;
        }
        double rows = (double) a.microBatch() * s.heads() * a.seq();
        if (a.flashAttention()) {
            // delta: rowsum(dOut ∘ out), (B, NH, T) fp32 (FlashAttention-2, Dao 2023, algorithm 2: D)
            return gradients + rows * 4;
        }
        // q, k, v permuted to (B, NH, T, HS) and their gradients; the scores (B, NH, T, T), then their gradient in
        // place; the attention output before it is permuted back, (B, NH, T, HS)
        double scratch = 2 * tokens * qkvWidth + rows * a.seq() + tokens * s.attentionWidth();
        return gradients + scratch * activationBytes;
    }

    /**
     * Workspace that does not grow with the micro-batch: the GPU trainer's {@value #GPU_NORM_BLOCKS} partial sums of
     * the squared gradients and the global norm, fp32. Zero for the other trainers.
     */
    public static double fixedWorkspaceBytes(Trainer trainer) {
        return trainer == Trainer.GPU_HARNESS ? (GPU_NORM_BLOCKS + 1) * 4.0 : 0;
    }

    /**
     * {@link #fixedWorkspaceBytes(Trainer)} plus, for the CPU trainer, each worker thread's scratch
     * ({@link HandWrittenScratch}): threads x bytes per thread.
     */
    public static double fixedWorkspaceBytes(ModelShape s, ActivationSettings a) {
        return fixedWorkspaceBytes(a.trainer())
                + (double) a.threads() * HandWrittenScratch.bytesPerThread(a.seq(), s.headDim());
    }
}
