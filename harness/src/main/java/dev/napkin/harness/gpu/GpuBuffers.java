package dev.napkin.harness.gpu;

import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.BufferKind;

/**
 * Every device buffer of a GPU training step, named and sized before anything is allocated. X is the storage type
 * (fp32, or bf16 in mixed precision); gradients, moments, master weights and statistics are fp32. Per layer the
 * forward pass keeps what the CPU trainer keeps (Korthikanti et al. 2022, section 4.1, without dropout): the
 * LayerNorm inputs and outputs, qkv, the attention output, the MLP's input and output of GELU, and for attention
 * either the B·NH·T·T probabilities (naive) or one log-sum-exp per row and head (fused). The backward pass reuses
 * one set of gradient buffers for every layer, and naive attention one set of scratch buffers.
 */
final class GpuBuffers {
    final DevicePointer params; // (P) X: the parameters, laid out as the CPU's Gpt2Parameters
    final DevicePointer master; // (P) fp32 master copy, bf16 mixed only (else null)
    final DevicePointer grads; // (P) fp32
    final DevicePointer m; // (P) fp32 AdamW first moment
    final DevicePointer v; // (P) fp32 AdamW second moment
    final DevicePointer inputs; // (B, T) int32
    final DevicePointer targets; // (B, T) int32

    final DevicePointer[] residual; // L+1 x (BT, C); residual[l] is layer l's input
    final DevicePointer[] ln1; // L x (BT, C)
    final DevicePointer[] ln1Mean; // L x (BT) fp32
    final DevicePointer[] ln1Rstd; // L x (BT) fp32
    final DevicePointer[] qkv; // L x (BT, 3C)
    final DevicePointer[] att; // naive: L x (B, NH, T, T) probabilities
    final DevicePointer[] lse; // fused: L x (B, NH, T) fp32 log-sum-exp of the scaled scores
    final DevicePointer[] attOut; // L x (BT, C)
    final DevicePointer[] residualMid; // L x (BT, C)
    final DevicePointer[] ln2; // L x (BT, C)
    final DevicePointer[] ln2Mean;
    final DevicePointer[] ln2Rstd;
    final DevicePointer[] fc; // L x (BT, F) GELU input
    final DevicePointer[] fcGelu; // L x (BT, F) GELU output
    final DevicePointer lnf; // (BT, C)
    final DevicePointer lnfMean;
    final DevicePointer lnfRstd;
    final DevicePointer logits; // (BT, V): logits, then their gradient, in place
    final DevicePointer losses; // (BT) fp32

    final DevicePointer dResidual; // (BT, C) gradient of the residual stream
    final DevicePointer dHidden; // (BT, C)
    final DevicePointer dWide; // (BT, max(3C, F))
    // naive attention's scratch: permuted q, k, v and their gradients (B, NH, T, HS) each, the scores (B, NH, T, T)
    // (then their gradient, in place), the permuted output and its gradient (B, NH, T, HS)
    final DevicePointer qkvr;
    final DevicePointer dQkvr;
    final DevicePointer scores;
    final DevicePointer attPermuted;
    // fused attention's scratch: rowsum(dOut ∘ out) per row and head (B, NH, T) fp32
    final DevicePointer delta;
    final DevicePointer normPartials; // (NORM_BLOCKS) fp32
    final DevicePointer norm; // (1) fp32

    /** Blocks of the global-norm reduction: fixed, so that the norm is the same bit for bit on every run. */
    static final int NORM_BLOCKS = 256;

    GpuBuffers(DeviceAllocator alloc, long parameterCount, ModelShape s, int batch, int seq, GpuOptions options) {
        DataType x = options.precision().storage;
        long bt = (long) batch * seq;
        int layers = s.layers();
        long c = s.dModel();
        long f = s.ffnHidden();
        long scoresPerLayer = (long) batch * s.heads() * seq * seq;
        long rows = (long) batch * s.heads() * seq;
        boolean naive = options.attention() == AttentionKind.NAIVE;

        params = alloc.allocate("parameters", BufferKind.WEIGHTS, parameterCount, x);
        master = options.precision().keepsMaster()
                ? alloc.allocate("parameters.master", BufferKind.OPTIMIZER_STATE, parameterCount, DataType.F32)
                : DevicePointer.NULL;
        grads = alloc.allocate("gradients", BufferKind.GRADIENTS, parameterCount, DataType.F32);
        m = alloc.allocate("adamw.m", BufferKind.OPTIMIZER_STATE, parameterCount, DataType.F32);
        v = alloc.allocate("adamw.v", BufferKind.OPTIMIZER_STATE, parameterCount, DataType.F32);
        inputs = alloc.allocateInts("inputs", BufferKind.WORKSPACE, bt);
        targets = alloc.allocateInts("targets", BufferKind.WORKSPACE, bt);

        residual = new DevicePointer[layers + 1];
        ln1 = new DevicePointer[layers];
        ln1Mean = new DevicePointer[layers];
        ln1Rstd = new DevicePointer[layers];
        qkv = new DevicePointer[layers];
        att = new DevicePointer[layers];
        lse = new DevicePointer[layers];
        attOut = new DevicePointer[layers];
        residualMid = new DevicePointer[layers];
        ln2 = new DevicePointer[layers];
        ln2Mean = new DevicePointer[layers];
        ln2Rstd = new DevicePointer[layers];
        fc = new DevicePointer[layers];
        fcGelu = new DevicePointer[layers];
        for (int l = 0; l < layers; l++) {
            residual[l] = alloc.allocate("residual", BufferKind.ACTIVATIONS, bt * c, x);
            ln1[l] = alloc.allocate("ln1", BufferKind.ACTIVATIONS, bt * c, x);
            ln1Mean[l] = alloc.allocate("ln1.mean", BufferKind.ACTIVATIONS, bt, DataType.F32);
            ln1Rstd[l] = alloc.allocate("ln1.rstd", BufferKind.ACTIVATIONS, bt, DataType.F32);
            qkv[l] = alloc.allocate("qkv", BufferKind.ACTIVATIONS, bt * 3 * c, x);
            att[l] = naive ? alloc.allocate("att", BufferKind.ACTIVATIONS, scoresPerLayer, x) : DevicePointer.NULL;
            lse[l] = naive ? DevicePointer.NULL : alloc.allocate("att.lse", BufferKind.ACTIVATIONS, rows, DataType.F32);
            attOut[l] = alloc.allocate("att.out", BufferKind.ACTIVATIONS, bt * c, x);
            residualMid[l] = alloc.allocate("residual.mid", BufferKind.ACTIVATIONS, bt * c, x);
            ln2[l] = alloc.allocate("ln2", BufferKind.ACTIVATIONS, bt * c, x);
            ln2Mean[l] = alloc.allocate("ln2.mean", BufferKind.ACTIVATIONS, bt, DataType.F32);
            ln2Rstd[l] = alloc.allocate("ln2.rstd", BufferKind.ACTIVATIONS, bt, DataType.F32);
            fc[l] = alloc.allocate("fc", BufferKind.ACTIVATIONS, bt * f, x);
            fcGelu[l] = alloc.allocate("fc.gelu", BufferKind.ACTIVATIONS, bt * f, x);
        }
        residual[layers] = alloc.allocate("residual", BufferKind.ACTIVATIONS, bt * c, x);
        lnf = alloc.allocate("lnf", BufferKind.ACTIVATIONS, bt * c, x);
        lnfMean = alloc.allocate("lnf.mean", BufferKind.ACTIVATIONS, bt, DataType.F32);
        lnfRstd = alloc.allocate("lnf.rstd", BufferKind.ACTIVATIONS, bt, DataType.F32);
        logits = alloc.allocate("logits", BufferKind.LOGITS, bt * s.vocab(), x);
        losses = alloc.allocate("losses", BufferKind.WORKSPACE, bt, DataType.F32);

        dResidual = alloc.allocate("d.residual", BufferKind.WORKSPACE, bt * c, x);
        dHidden = alloc.allocate("d.hidden", BufferKind.WORKSPACE, bt * c, x);
        dWide = alloc.allocate("d.wide", BufferKind.WORKSPACE, bt * Math.max(3 * c, f), x);
        if (naive) {
            qkvr = alloc.allocate("att.qkvr", BufferKind.WORKSPACE, 3 * bt * c, x);
            dQkvr = alloc.allocate("att.d.qkvr", BufferKind.WORKSPACE, 3 * bt * c, x);
            scores = alloc.allocate("att.scores", BufferKind.WORKSPACE, scoresPerLayer, x);
            attPermuted = alloc.allocate("att.permuted", BufferKind.WORKSPACE, bt * c, x);
            delta = DevicePointer.NULL;
        } else {
            qkvr = DevicePointer.NULL;
            dQkvr = DevicePointer.NULL;
            scores = DevicePointer.NULL;
            attPermuted = DevicePointer.NULL;
            delta = alloc.allocate("att.delta", BufferKind.WORKSPACE, rows, DataType.F32);
        }
        normPartials = alloc.allocate("norm.partials", BufferKind.WORKSPACE, NORM_BLOCKS, DataType.F32);
        norm = alloc.allocate("norm", BufferKind.WORKSPACE, 1, DataType.F32);
    }
}
