package dev.napkin.harness.gpu;

import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.cpu.Gpt2Parameters;
import dev.napkin.harness.cpu.Gpt2Parameters.Layer;
import dev.napkin.harness.cpu.Gpt2Parameters.Tensor;
import dev.napkin.harness.gpu.GemmCall.Op;

/**
 * GPT-2's training step on a {@link Device}: the same forward, backward and AdamW as the CPU trainer
 * ({@code dev.napkin.harness.cpu.Gpt2Model}), as a sequence of kernel launches and GEMMs. It does not know which
 * device runs it. Row-major (R, S) buffers are column-major (S, R) matrices to cuBLAS, so every linear layer
 * out (M, N) = in (M, K) · W (K, N) is the column-major call C (N, M) = W (N, K) · in (K, M).
 */
final class GpuModel {
    private final Device device;
    private final Kernels kernels;
    private final ModelShape shape;
    private final Gpt2Parameters layout;
    private final GpuBuffers buf;
    private final GpuOptions options;
    private final DataType x;
    private final int batch;
    private final int seq;

    GpuModel(Device device, ModelShape shape, Gpt2Parameters layout, GpuBuffers buffers, GpuOptions options,
             int batch, int seq) {
        this.device = device;
        this.shape = shape;
        this.layout = layout;
        this.buf = buffers;
        this.options = options;
        this.x = options.precision().storage;
        this.kernels = new Kernels(device, x);
        this.batch = batch;
        this.seq = seq;
    }

    private DevicePointer param(Tensor t) {
        return buf.params.plus((long) t.offset() * x.bytes);
    }

    private DevicePointer grad(Tensor t) {
        return buf.grads.plus(4L * t.offset());
    }

    /** Forward to the per-token losses; the logits become their gradient (d mean loss) on the way. */
    void forward() {
        int bt = batch * seq;
        int c = shape.dModel();
        int f = shape.ffnHidden();
        kernels.encoderForward(buf.residual[0], buf.inputs, param(layout.wte), param(layout.wpe), batch, seq, c);
        for (int l = 0; l < shape.layers(); l++) {
            Layer w = layout.layers.get(l);
            // x (BT, C) -> LN -> qkv (BT, 3C) -> attention (BT, C) -> proj -> + x
            kernels.layerNormForward(buf.ln1[l], buf.ln1Mean[l], buf.ln1Rstd[l], buf.residual[l],
                    param(w.ln1Weight()), param(w.ln1Bias()), bt, c);
            linearForward(buf.qkv[l], buf.ln1[l], w.qkvWeight(), w.qkvBias(), bt);
            attentionForward(l);
            linearForward(buf.residualMid[l], buf.attOut[l], w.projWeight(), w.projBias(), bt);
            kernels.residualForward(buf.residualMid[l], buf.residualMid[l], buf.residual[l], (long) bt * c);
            // -> LN -> fc (BT, F) -> GELU -> proj (BT, C) -> + residual
            kernels.layerNormForward(buf.ln2[l], buf.ln2Mean[l], buf.ln2Rstd[l], buf.residualMid[l],
                    param(w.ln2Weight()), param(w.ln2Bias()), bt, c);
            linearForward(buf.fc[l], buf.ln2[l], w.fcWeight(), w.fcBias(), bt);
            kernels.geluForward(buf.fcGelu[l], buf.fc[l], (long) bt * f);
            linearForward(buf.residual[l + 1], buf.fcGelu[l], w.fcProjWeight(), w.fcProjBias(), bt);
            kernels.residualForward(buf.residual[l + 1], buf.residual[l + 1], buf.residualMid[l], (long) bt * c);
        }
        int last = shape.layers();
        kernels.layerNormForward(buf.lnf, buf.lnfMean, buf.lnfRstd, buf.residual[last], param(layout.lnfWeight),
                param(layout.lnfBias), bt, c);
        // LM head tied to wte: logits (BT, V) = lnf (BT, C) · wteᵀ; column-major (V, BT) = wte_cmᵀ (V, C) · lnf (C, BT)
        int v = shape.vocab();
        device.gemm(gemm().ops(Op.T, Op.N).size(v, bt, c).a(param(layout.wte), x, c).b(buf.lnf, x, c)
                .c(buf.logits, x, v).build());
        kernels.crossEntropyForwardBackward(buf.logits, buf.losses, buf.targets, bt, v, 1f / bt);
    }

    /** Every parameter gradient of the last forward's mean loss, into the fp32 gradients (overwritten). */
    void backward() {
        int bt = batch * seq;
        int c = shape.dModel();
        int f = shape.ffnHidden();
        int v = shape.vocab();
        device.zero(buf.grads, 4L * layout.count);
        // dLnf (BT, C) = dLogits (BT, V) · wte (V, C); dWte (V, C) += dLogitsᵀ · lnf
        device.gemm(gemm().ops(Op.N, Op.N).size(c, bt, v).a(param(layout.wte), x, c).b(buf.logits, x, v)
                .c(buf.dHidden, x, c).build());
        device.gemm(gemm().ops(Op.N, Op.T).size(c, v, bt).a(buf.lnf, x, c).b(buf.logits, x, v)
                .c(grad(layout.wte), DataType.F32, c).beta(1f).build());
        device.zero(buf.dResidual, (long) bt * c * x.bytes);
        int last = shape.layers();
        kernels.layerNormBackward(buf.dResidual, grad(layout.lnfWeight), grad(layout.lnfBias), buf.dHidden,
                buf.residual[last], param(layout.lnfWeight), buf.lnfMean, buf.lnfRstd, bt, c);
        for (int l = shape.layers() - 1; l >= 0; l--) {
            Layer w = layout.layers.get(l);
            // MLP: dResidual is d(layer output); it also flows straight through the residual connection
            linearBackward(buf.dWide, buf.dResidual, buf.fcGelu[l], w.fcProjWeight(), w.fcProjBias(), bt);
            kernels.geluBackward(buf.dWide, buf.fc[l], buf.dWide, (long) bt * f);
            linearBackward(buf.dHidden, buf.dWide, buf.ln2[l], w.fcWeight(), w.fcBias(), bt);
            kernels.layerNormBackward(buf.dResidual, grad(w.ln2Weight()), grad(w.ln2Bias()), buf.dHidden,
                    buf.residualMid[l], param(w.ln2Weight()), buf.ln2Mean[l], buf.ln2Rstd[l], bt, c);
            // attention: dResidual is now d(residualMid)
            linearBackward(buf.dHidden, buf.dResidual, buf.attOut[l], w.projWeight(), w.projBias(), bt);
            attentionBackward(l);
            linearBackward(buf.dHidden, buf.dWide, buf.ln1[l], w.qkvWeight(), w.qkvBias(), bt);
            kernels.layerNormBackward(buf.dResidual, grad(w.ln1Weight()), grad(w.ln1Bias()), buf.dHidden,
                    buf.residual[l], param(w.ln1Weight()), buf.ln1Mean[l], buf.ln1Rstd[l], bt, c);
        }
        kernels.encoderBackward(grad(layout.wte), grad(layout.wpe), buf.dResidual, buf.inputs, batch, seq, c);
    }

    /** AdamW on every tensor (weight decay on matrices and embeddings only); {@code step} counts from 1. */
    void update(AdamWSettings s, int step) {
        float correction1 = (float) (1 - Math.pow(s.beta1(), step));
        float correction2 = (float) (1 - Math.pow(s.beta2(), step));
        for (Tensor t : layout.all) {
            Kernels.AdamWStep scalars = new Kernels.AdamWStep(s.learningRate(), s.beta1(), s.beta2(), correction1,
                    correction2, s.epsilon(), t.init().decayed() ? s.weightDecay() : 0f);
            long o = t.offset();
            kernels.adamW(param(t), options.precision().keepsMaster() ? buf.master.plus(4 * o) : DevicePointer.NULL,
                    buf.grads.plus(4 * o), buf.m.plus(4 * o), buf.v.plus(4 * o), t.length(), scalars);
        }
    }

    /** Sets the parameters from fp32 values already copied into the master buffer (bf16) or the parameters (fp32). */
    void parametersFromMaster() {
        if (options.precision().keepsMaster()) {
            kernels.castToBf16(buf.params, buf.master, layout.count);
        }
    }

    /** The squared L2 norm of all gradients, into {@code buf.norm}. */
    void gradientNormSquared() {
        kernels.globalNormSquared(buf.norm, buf.normPartials, GpuBuffers.NORM_BLOCKS, buf.grads, layout.count);
    }

    private void attentionForward(int l) {
        int nh = shape.heads();
        int hs = shape.dModel() / nh;
        if (options.attention() == AttentionKind.FUSED) {
            kernels.flashAttentionForward(buf.attOut[l], buf.lse[l], buf.qkv[l], batch, seq, nh, hs);
            return;
        }
        long headElements = (long) seq * hs; // one (b, h)'s (T, HS) block
        long bt = (long) batch * seq;
        DevicePointer q = buf.qkvr;
        DevicePointer k = buf.qkvr.plus(bt * shape.dModel() * x.bytes);
        DevicePointer v = buf.qkvr.plus(2 * bt * shape.dModel() * x.bytes);
        kernels.permute(q, k, v, buf.qkv[l], batch, seq, nh, hs);
        // scores (T_q, T_k) = q kᵀ per (b, h); column-major (T_k, T_q) = k_cmᵀ (T, HS) · q_cm (HS, T)
        device.gemm(gemm().ops(Op.T, Op.N).size(seq, seq, hs).a(k, x, hs, headElements).b(q, x, hs, headElements)
                .c(buf.scores, x, seq, (long) seq * seq).batches(batch * nh).build());
        kernels.softmaxForward(buf.att[l], buf.scores, (float) (1 / Math.sqrt(hs)), batch * nh, seq);
        // y (T, HS) = att (T, T) · v (T, HS); column-major (HS, T) = v_cm (HS, T) · att_cm (T_k, T_q)
        device.gemm(gemm().ops(Op.N, Op.N).size(hs, seq, seq).a(v, x, hs, headElements)
                .b(buf.att[l], x, seq, (long) seq * seq).c(buf.attPermuted, x, hs, headElements)
                .batches(batch * nh).build());
        kernels.unpermute(buf.attOut[l], buf.attPermuted, batch, seq, nh, hs);
    }

    /** dWide (BT, 3C) = the gradient of qkv, from dHidden = d(attention output) (BT, C). */
    private void attentionBackward(int l) {
        int nh = shape.heads();
        int hs = shape.dModel() / nh;
        if (options.attention() == AttentionKind.FUSED) {
            kernels.flashAttentionBackward(buf.dWide, buf.delta, buf.dHidden, buf.attOut[l], buf.qkv[l], buf.lse[l],
                    batch, seq, nh, hs);
            return;
        }
        long headElements = (long) seq * hs;
        long third = (long) batch * seq * shape.dModel() * x.bytes;
        DevicePointer q = buf.qkvr;
        DevicePointer k = buf.qkvr.plus(third);
        DevicePointer v = buf.qkvr.plus(2 * third);
        DevicePointer dq = buf.dQkvr;
        DevicePointer dk = buf.dQkvr.plus(third);
        DevicePointer dv = buf.dQkvr.plus(2 * third);
        long square = (long) seq * seq;
        int heads = batch * nh;
        // the permuted q, k, v of this layer again (the forward's were overwritten by later layers)
        kernels.permute(q, k, v, buf.qkv[l], batch, seq, nh, hs);
        kernels.unpermuteBackward(buf.attPermuted, buf.dHidden, batch, seq, nh, hs); // dy (B, NH, T, HS)
        // dAtt (T_q, T_k) = dy vᵀ; column-major (T_k, T_q) = v_cmᵀ · dy_cm
        device.gemm(gemm().ops(Op.T, Op.N).size(seq, seq, hs).a(v, x, hs, headElements)
                .b(buf.attPermuted, x, hs, headElements).c(buf.scores, x, seq, square).batches(heads).build());
        // dv (T_k, HS) = attᵀ dy; column-major (HS, T_k) = dy_cm (HS, T_q) · att_cm (T_k, T_q)ᵀ
        device.gemm(gemm().ops(Op.N, Op.T).size(hs, seq, seq).a(buf.attPermuted, x, hs, headElements)
                .b(buf.att[l], x, seq, square).c(dv, x, hs, headElements).batches(heads).build());
        // dScores (scaled), in place over dAtt
        kernels.softmaxBackward(buf.scores, buf.scores, buf.att[l], (float) (1 / Math.sqrt(hs)), heads, seq);
        // dq (T_q, HS) = dScores k; column-major (HS, T_q) = k_cm (HS, T_k) · dScores_cm (T_k, T_q)
        device.gemm(gemm().ops(Op.N, Op.N).size(hs, seq, seq).a(k, x, hs, headElements)
                .b(buf.scores, x, seq, square).c(dq, x, hs, headElements).batches(heads).build());
        // dk (T_k, HS) = dScoresᵀ q; column-major (HS, T_k) = q_cm (HS, T_q) · dScores_cm (T_k, T_q)ᵀ
        device.gemm(gemm().ops(Op.N, Op.T).size(hs, seq, seq).a(q, x, hs, headElements)
                .b(buf.scores, x, seq, square).c(dk, x, hs, headElements).batches(heads).build());
        kernels.permuteBackward(buf.dWide, dq, dk, dv, batch, seq, nh, hs);
    }

    /** out (M, N) = in (M, K) · W (K, N) + b. */
    private void linearForward(DevicePointer out, DevicePointer in, Tensor weight, Tensor bias, int m) {
        int k = weight.rows();
        int n = weight.cols();
        device.gemm(gemm().ops(Op.N, Op.N).size(n, m, k).a(param(weight), x, n).b(in, x, k).c(out, x, n).build());
        if (bias.length() > 0) {
            kernels.addBias(out, param(bias), m, n);
        }
    }

    /** dIn (M, K) = dOut (M, N) · Wᵀ; dW (K, N) += inᵀ · dOut; db (N) += column sums of dOut. */
    private void linearBackward(DevicePointer dIn, DevicePointer dOut, DevicePointer in, Tensor weight, Tensor bias,
                                int m) {
        int k = weight.rows();
        int n = weight.cols();
        // column-major dIn (K, M) = W_cm (N, K)ᵀ · dOut_cm (N, M)
        device.gemm(gemm().ops(Op.T, Op.N).size(k, m, n).a(param(weight), x, n).b(dOut, x, n).c(dIn, x, k).build());
        // column-major dW (N, K) += dOut_cm (N, M) · in_cm (K, M)ᵀ, accumulated in fp32
        device.gemm(gemm().ops(Op.N, Op.T).size(n, k, m).a(dOut, x, n).b(in, x, k).c(grad(weight), DataType.F32, n)
                .beta(1f).build());
        if (bias.length() > 0) {
            kernels.biasBackward(grad(bias), dOut, m, n);
        }
    }

    private GemmCall.Builder gemm() {
        return GemmCall.builder().compute(options.precision().gemmCompute);
    }
}
