package dev.napkin.estimator.memory;

import java.util.Locale;

/**
 * How the trainer holds its tensors, which decides the memory besides what the layers keep for backward.
 */
public enum Trainer {
    /**
     * A framework with autograd (PyTorch eager, Megatron-LM), as Korthikanti et al. 2022 count it: the stored
     * activations of section 4, the logits plus an fp32 copy for the loss (section 4.3), gradients of activations
     * freed as they are used (not counted).
     */
    FRAMEWORK,
    /**
     * A hand-written trainer that allocates every buffer once (napkin's CPU harness; llm.c): the same stored
     * activations, plus each LayerNorm's fp32 mean and 1/std; the softmax computed in place over the logits (one
     * copy); and a gradient workspace reused by every layer: the residual stream's gradient, one C-wide gradient
     * (a norm's output, the attention output) and the widest layer gradient (QKV or the MLP's hidden layer), plus
     * the token ids, targets and per-position losses (4 bytes each); and, given the worker threads
     * ({@link ActivationSettings#threads()}), each thread's scratch ({@link HandWrittenScratch}), which does not
     * grow with the batch.
     */
    HAND_WRITTEN,
    /**
     * napkin's GPU trainer, which names every device buffer before allocating it: everything {@link #HAND_WRITTEN}
     * holds, plus
     * <ul>
     * <li>gradients in fp32 whatever the weights' dtype, as mixed-precision training keeps them (Micikevicius et al.
     * 2018, section 3): bf16-mixed AdamW is 2 (bf16 weights) + 4 (gradients) + 4 (master) + 8 (m, v) = 18 bytes per
     * parameter, fp32 is 4 + 4 + 8 = 16;</li>
     * <li>for fused attention (Dao et al. 2022), one fp32 log-sum-exp per row and head as FlashAttention-2 keeps it
     * (Dao 2023), B·NH·T·4 bytes per layer, instead of the B·NH·T·T probabilities naive attention stores;</li>
     * <li>in the backward workspace, naive attention's scratch in the activation dtype: q, k and v permuted to
     * (B, NH, T, HS) and their gradients (6·B·T·C), the permuted attention output (B·T·C) and the scores
     * (B·NH·T·T, then their gradient in place); or fused attention's delta, rowsum(dOut ∘ out) per row and head
     * (B·NH·T fp32);</li>
     * <li>the global gradient norm's {@value ActivationModel#GPU_NORM_BLOCKS} per-block partial sums and the norm
     * itself, in fp32: the only workspace that does not grow with the batch.</li>
     * </ul>
     * The CPU trainer's per-thread scratch has no counterpart: a kernel's threads keep theirs in registers and
     * shared memory.
     */
    GPU_HARNESS;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Whether every buffer is allocated once, llm.c-style: LayerNorm statistics kept, one logit copy, a gradient
     * workspace reused by every layer.
     */
    public boolean allocatesOnce() {
        return this != FRAMEWORK;
    }

    /** Bytes of one parameter's gradient under {@code precision}: fp32 on the GPU trainer, whatever the weights. */
    public int gradientBytes(Precision precision) {
        return this == GPU_HARNESS ? 4 : precision.gradientBytes();
    }
}
