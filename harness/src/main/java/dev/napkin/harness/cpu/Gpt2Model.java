package dev.napkin.harness.cpu;

import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.TokenBatch;
import dev.napkin.harness.cpu.Gpt2Parameters.Layer;
import java.util.Arrays;

/**
 * Raschka's GPTModel (Build a Large Language Model From Scratch, chapter 4) on the CPU: forward to the mean
 * cross-entropy, backward to every parameter gradient.
 * Each op is a forward/backward pair in its own class; this class only strings them together, with the shapes.
 */
final class Gpt2Model {
    private static final int ZERO_CHUNK = 1 << 16;

    private final ModelShape shape;
    private final Gpt2Parameters layout;
    private final Gpt2Buffers buf;
    private final Parallel team;
    private final WorkerScratch[] scratch;
    private final int batch;
    private final int seq;

    Gpt2Model(ModelShape shape, Gpt2Parameters layout, Gpt2Buffers buffers, Parallel team, WorkerScratch[] scratch,
              int batch, int seq) {
        this.shape = shape;
        this.layout = layout;
        this.buf = buffers;
        this.team = team;
        this.scratch = scratch;
        this.batch = batch;
        this.seq = seq;
    }

    /** Runs the forward pass on {@code tokens}; returns the mean loss. The activations stay for {@link #backward}. */
    float forward(TokenBatch tokens) {
        if (tokens.batch() != batch || tokens.seq() != seq) {
            throw new IllegalArgumentException("this backend was opened for batch " + batch + " x seq " + seq
                    + ", got " + tokens.batch() + " x " + tokens.seq());
        }
        System.arraycopy(tokens.inputs(), 0, buf.inputs, 0, buf.inputs.length);
        System.arraycopy(tokens.targets(), 0, buf.targets, 0, buf.targets.length);
        int bt = batch * seq;
        int c = shape.dModel();
        int f = shape.ffnHidden();
        float[] p = buf.params;
        Encoder.encoderForward(buf.residual[0], buf.inputs, p, layout.wte.offset(), layout.wpe.offset(), batch, seq,
                c);
        for (int l = 0; l < shape.layers(); l++) {
            Layer w = layout.layers.get(l);
            // x (BT, C) -> LN -> qkv (BT, 3C) -> attention (BT, C) -> proj -> + x
            LayerNorm.layerNormForward(team, buf.ln1[l], buf.ln1Mean[l], buf.ln1Rstd[l], buf.residual[l], p,
                    w.ln1Weight().offset(), w.ln1Bias().offset(), bt, c);
            Linear.linearForward(team, scratch, buf.qkv[l], buf.ln1[l], p, w.qkvWeight(), w.qkvBias(), bt);
            Attention.attentionForward(team, scratch, buf.attOut[l], buf.att[l], buf.qkv[l], batch, seq, c,
                    shape.heads());
            Linear.linearForward(team, scratch, buf.residualMid[l], buf.attOut[l], p, w.projWeight(), w.projBias(), bt);
            Residual.residualForward(team, buf.residualMid[l], buf.residualMid[l], buf.residual[l], bt * c);
            // -> LN -> fc (BT, F) -> GELU -> proj (BT, C) -> + residual
            LayerNorm.layerNormForward(team, buf.ln2[l], buf.ln2Mean[l], buf.ln2Rstd[l], buf.residualMid[l], p,
                    w.ln2Weight().offset(), w.ln2Bias().offset(), bt, c);
            Linear.linearForward(team, scratch, buf.fc[l], buf.ln2[l], p, w.fcWeight(), w.fcBias(), bt);
            Gelu.geluForward(team, scratch, buf.fcGelu[l], buf.fc[l], bt * f);
            Linear.linearForward(team, scratch, buf.residual[l + 1], buf.fcGelu[l], p, w.fcProjWeight(),
                    w.fcProjBias(), bt);
            Residual.residualForward(team, buf.residual[l + 1], buf.residual[l + 1], buf.residualMid[l], bt * c);
        }
        int last = shape.layers();
        LayerNorm.layerNormForward(team, buf.lnf, buf.lnfMean, buf.lnfRstd, buf.residual[last], p,
                layout.lnfWeight.offset(), layout.lnfBias.offset(), bt, c);
        // LM head tied to wte, computed transposed so that no V x C matrix is ever transposed:
        // logits (V, BT) = wte (V, C) · lnfᵀ (C, BT)
        int v = shape.vocab();
        Gemm.multiply(team, scratch, MatrixView.of(p, layout.wte.offset(), c), MatrixView.transposed(buf.lnf, 0, c),
                buf.logits, 0, bt, v, bt, c, false);
        return CrossEntropy.crossEntropyForward(team, scratch, buf.logits, buf.losses, buf.targets, bt, v);
    }

    /** Every parameter gradient of the last forward's mean loss, into {@code grads} (overwritten). */
    void backward() {
        int bt = batch * seq;
        int c = shape.dModel();
        int f = shape.ffnHidden();
        int v = shape.vocab();
        float[] p = buf.params;
        float[] g = buf.grads;
        zeroGradients();
        CrossEntropy.crossEntropyBackward(team, buf.logits, buf.targets, bt, v);
        // dLnf (BT, C) = dLogitsᵀ (BT, V) · wte; dWte (V, C) += dLogits (V, BT) · lnf (BT, C)
        Gemm.multiply(team, scratch, MatrixView.transposed(buf.logits, 0, bt), MatrixView.of(p, layout.wte.offset(), c),
                buf.dHidden, 0, c, bt, c, v, false);
        Gemm.multiply(team, scratch, MatrixView.of(buf.logits, 0, bt), MatrixView.of(buf.lnf, 0, c), g,
                layout.wte.offset(), c, v, c, bt, true);
        int last = shape.layers();
        Arrays.fill(buf.dResidual, 0, bt * c, 0f);
        LayerNorm.layerNormBackward(team, buf.dResidual, g, layout.lnfWeight.offset(), layout.lnfBias.offset(),
                buf.dHidden, buf.residual[last], buf.lnfMean, buf.lnfRstd, p, layout.lnfWeight.offset(), bt, c);
        for (int l = shape.layers() - 1; l >= 0; l--) {
            Layer w = layout.layers.get(l);
            // MLP: dResidual is d(layer output); it also flows straight through the residual connection
            Linear.linearBackward(team, scratch, buf.dWide, g, buf.dResidual, buf.fcGelu[l], p, w.fcProjWeight(),
                    w.fcProjBias(), bt);
            Gelu.geluBackward(team, scratch, buf.dWide, buf.fc[l], bt * f);
            Linear.linearBackward(team, scratch, buf.dHidden, g, buf.dWide, buf.ln2[l], p, w.fcWeight(), w.fcBias(), bt);
            LayerNorm.layerNormBackward(team, buf.dResidual, g, w.ln2Weight().offset(), w.ln2Bias().offset(),
                    buf.dHidden, buf.residualMid[l], buf.ln2Mean[l], buf.ln2Rstd[l], p, w.ln2Weight().offset(), bt, c);
            // attention: dResidual is now d(residualMid)
            Linear.linearBackward(team, scratch, buf.dHidden, g, buf.dResidual, buf.attOut[l], p, w.projWeight(),
                    w.projBias(), bt);
            Attention.attentionBackward(team, scratch, buf.dWide, buf.dHidden, buf.qkv[l], buf.att[l], batch, seq,
                    c, shape.heads());
            Linear.linearBackward(team, scratch, buf.dHidden, g, buf.dWide, buf.ln1[l], p, w.qkvWeight(), w.qkvBias(),
                    bt);
            LayerNorm.layerNormBackward(team, buf.dResidual, g, w.ln1Weight().offset(), w.ln1Bias().offset(),
                    buf.dHidden, buf.residual[l], buf.ln1Mean[l], buf.ln1Rstd[l], p, w.ln1Weight().offset(), bt, c);
        }
        Encoder.encoderBackward(g, layout.wte.offset(), layout.wpe.offset(), buf.dResidual, buf.inputs, batch, seq,
                c);
    }

    private void zeroGradients() {
        float[] g = buf.grads;
        int n = layout.count;
        team.run((n + ZERO_CHUNK - 1) / ZERO_CHUNK, (task, worker) ->
                Arrays.fill(g, task * ZERO_CHUNK, Math.min(n, task * ZERO_CHUNK + ZERO_CHUNK), 0f));
    }
}
