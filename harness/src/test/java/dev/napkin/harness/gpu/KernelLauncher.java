package dev.napkin.harness.gpu;

import dev.napkin.harness.AdamWSettings;

/**
 * The package-private launch table {@link Kernels}, opened to the kernel tests in {@code dev.napkin.harness.cpu}
 * (where the CPU twins live), so that they launch every kernel with its production shape. Each method delegates to
 * the one of the same name; nothing here computes or launches anything of its own.
 */
public final class KernelLauncher {
    /** The grid of global_norm_squared in the trainer. */
    public static final int NORM_BLOCKS = GpuBuffers.NORM_BLOCKS;

    private final Kernels kernels;

    public KernelLauncher(Device device, DataType storage) {
        this.kernels = new Kernels(device, storage);
    }

    public void encoderForward(DevicePointer out, DevicePointer inp, DevicePointer wte, DevicePointer wpe, int b,
                               int t, int c) {
        kernels.encoderForward(out, inp, wte, wpe, b, t, c);
    }

    public void encoderBackward(DevicePointer dwte, DevicePointer dwpe, DevicePointer dout, DevicePointer inp, int b,
                                int t, int c) {
        kernels.encoderBackward(dwte, dwpe, dout, inp, b, t, c);
    }

    public void layerNormForward(DevicePointer out, DevicePointer mean, DevicePointer rstd, DevicePointer inp,
                                 DevicePointer weight, DevicePointer bias, int n, int c) {
        kernels.layerNormForward(out, mean, rstd, inp, weight, bias, n, c);
    }

    /** layernorm_backward (dinp) then layernorm_backward_params (dweight, dbias). */
    public void layerNormBackward(DevicePointer dinp, DevicePointer dweight, DevicePointer dbias, DevicePointer dout,
                                  DevicePointer inp, DevicePointer weight, DevicePointer mean, DevicePointer rstd,
                                  int n, int c) {
        kernels.layerNormBackward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, n, c);
    }

    public void residualForward(DevicePointer out, DevicePointer a, DevicePointer b, long n) {
        kernels.residualForward(out, a, b, n);
    }

    public void addBias(DevicePointer out, DevicePointer bias, int n, int oc) {
        kernels.addBias(out, bias, n, oc);
    }

    public void biasBackward(DevicePointer dbias, DevicePointer dout, int n, int oc) {
        kernels.biasBackward(dbias, dout, n, oc);
    }

    public void geluForward(DevicePointer out, DevicePointer inp, long n) {
        kernels.geluForward(out, inp, n);
    }

    public void geluBackward(DevicePointer dinp, DevicePointer inp, DevicePointer dout, long n) {
        kernels.geluBackward(dinp, inp, dout, n);
    }

    public void permute(DevicePointer q, DevicePointer k, DevicePointer v, DevicePointer qkv, int b, int t, int nh,
                        int hs) {
        kernels.permute(q, k, v, qkv, b, t, nh, hs);
    }

    public void permuteBackward(DevicePointer dqkv, DevicePointer dq, DevicePointer dk, DevicePointer dv, int b,
                                int t, int nh, int hs) {
        kernels.permuteBackward(dqkv, dq, dk, dv, b, t, nh, hs);
    }

    public void unpermute(DevicePointer out, DevicePointer inp, int b, int t, int nh, int hs) {
        kernels.unpermute(out, inp, b, t, nh, hs);
    }

    public void unpermuteBackward(DevicePointer dinp, DevicePointer dout, int b, int t, int nh, int hs) {
        kernels.unpermuteBackward(dinp, dout, b, t, nh, hs);
    }

    public void softmaxForward(DevicePointer att, DevicePointer preatt, float scale, int bnh, int t) {
        kernels.softmaxForward(att, preatt, scale, bnh, t);
    }

    public void softmaxBackward(DevicePointer dpreatt, DevicePointer datt, DevicePointer att, float scale, int bnh,
                                int t) {
        kernels.softmaxBackward(dpreatt, datt, att, scale, bnh, t);
    }

    /** The tile rows the flash-attention kernels use for head size {@code hs}. */
    public static int flashTileRows(int hs) {
        return Kernels.flashTileRows(hs);
    }

    public void flashAttentionForward(DevicePointer out, DevicePointer lse, DevicePointer qkv, int b, int t, int nh,
                                      int hs) {
        kernels.flashAttentionForward(out, lse, qkv, b, t, nh, hs);
    }

    /** The preprocess (delta), dK-dV and dQ kernels, in that order. */
    public void flashAttentionBackward(DevicePointer dqkv, DevicePointer delta, DevicePointer dout, DevicePointer out,
                                       DevicePointer qkv, DevicePointer lse, int b, int t, int nh, int hs) {
        kernels.flashAttentionBackward(dqkv, delta, dout, out, qkv, lse, b, t, nh, hs);
    }

    public void crossEntropyForwardBackward(DevicePointer logits, DevicePointer losses, DevicePointer targets, int n,
                                            int v, float dlossScale) {
        kernels.crossEntropyForwardBackward(logits, losses, targets, n, v, dlossScale);
    }

    /**
     * One AdamW update of step {@code step} (from 1), with the scalars computed as {@code GpuModel.update} computes
     * them: the bias corrections 1 - β^step in double, then rounded; weight decay only when {@code decayed}.
     */
    public void adamW(DevicePointer params, DevicePointer master, DevicePointer grads, DevicePointer m,
                      DevicePointer v, long n, AdamWSettings s, int step, boolean decayed) {
        Kernels.AdamWStep scalars = new Kernels.AdamWStep(s.learningRate(), s.beta1(), s.beta2(),
                (float) (1 - Math.pow(s.beta1(), step)), (float) (1 - Math.pow(s.beta2(), step)), s.epsilon(),
                decayed ? s.weightDecay() : 0f);
        kernels.adamW(params, master, grads, m, v, n, scalars);
    }

    /** global_norm_squared over {@code blocks} blocks, then reduce_sum into {@code out[0]}. */
    public void globalNormSquared(DevicePointer out, DevicePointer partials, int blocks, DevicePointer grads, long n) {
        kernels.globalNormSquared(out, partials, blocks, grads, n);
    }

    public void castToBf16(DevicePointer out, DevicePointer in, long n) {
        kernels.castToBf16(out, in, n);
    }

    public void castToF32(DevicePointer out, DevicePointer in, long n) {
        kernels.castToF32(out, in, n);
    }
}
