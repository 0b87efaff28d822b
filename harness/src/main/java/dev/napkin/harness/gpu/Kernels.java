package dev.napkin.harness.gpu;

/**
 * Launches of napkin's kernels (harness/src/main/cuda), one method per kernel with the launch shape its source
 * prescribes; forward and backward side by side. Dimension letters as in the kernels: B, T, C, NH, HS, V, OC, N.
 * The storage type picks the {@code _f32} or {@code _bf16} entry point.
 */
final class Kernels {
    private static final int FLASH_THREADS = 128;
    private static final int ROW_WARPS = 8; // kernels with one warp per row run 256 threads: 8 rows a block

    private final Device device;
    private final String x; // kernel-name suffix of the storage type

    Kernels(Device device, DataType storage) {
        this.device = device;
        this.x = storage.suffix();
    }

    private void launch(String kernel, Dim3 grid, int block, int shared, KernelArgs args) {
        device.launch(kernel, grid, Dim3.of(block), shared, args);
    }

    // encoder.cu: out (B,T,C) = wte[inp] + wpe[t]; dwte, dwpe (fp32) += by token and by position
    void encoderForward(DevicePointer out, DevicePointer inp, DevicePointer wte, DevicePointer wpe, int b, int t,
                        int c) {
        launch("encoder_forward_" + x, Dim3.covering((long) b * t * c, 2048), 256, 0,
                KernelArgs.of().ptr(out).ptr(inp).ptr(wte).ptr(wpe).i32(b).i32(t).i32(c));
    }

    void encoderBackward(DevicePointer dwte, DevicePointer dwpe, DevicePointer dout, DevicePointer inp, int b, int t,
                         int c) {
        launch("encoder_backward_" + x, Dim3.of(b * t), 256, 0,
                KernelArgs.of().ptr(dwte).ptr(dwpe).ptr(dout).ptr(inp).i32(b).i32(t).i32(c));
    }

    // layernorm.cu: one warp per row; the parameter gradients one thread column per channel
    void layerNormForward(DevicePointer out, DevicePointer mean, DevicePointer rstd, DevicePointer inp,
                          DevicePointer weight, DevicePointer bias, int n, int c) {
        launch("layernorm_forward_" + x, Dim3.covering(n, ROW_WARPS), 256, 0,
                KernelArgs.of().ptr(out).ptr(mean).ptr(rstd).ptr(inp).ptr(weight).ptr(bias).i32(n).i32(c));
    }

    void layerNormBackward(DevicePointer dinp, DevicePointer dweight, DevicePointer dbias, DevicePointer dout,
                           DevicePointer inp, DevicePointer weight, DevicePointer mean, DevicePointer rstd, int n,
                           int c) {
        launch("layernorm_backward_" + x, Dim3.covering(n, ROW_WARPS), 256, 0,
                KernelArgs.of().ptr(dinp).ptr(dout).ptr(inp).ptr(weight).ptr(mean).ptr(rstd).i32(n).i32(c));
        launch("layernorm_backward_params_" + x, Dim3.covering(c, 32), 1024, 0,
                KernelArgs.of().ptr(dweight).ptr(dbias).ptr(dout).ptr(inp).ptr(mean).ptr(rstd).i32(n).i32(c));
    }

    // residual.cu
    void residualForward(DevicePointer out, DevicePointer a, DevicePointer b, long n) {
        launch("residual_forward_" + x, Dim3.covering(n, 2048), 256, 0,
                KernelArgs.of().ptr(out).ptr(a).ptr(b).i32(Math.toIntExact(n)));
    }

    // linear.cu: the bias of a linear layer, forward and backward (the products are GEMMs)
    void addBias(DevicePointer out, DevicePointer bias, int n, int oc) {
        launch("add_bias_" + x, Dim3.of((oc + 255) / 256, Math.min(n, 65535)), 256, 0,
                KernelArgs.of().ptr(out).ptr(bias).i32(n).i32(oc));
    }

    void biasBackward(DevicePointer dbias, DevicePointer dout, int n, int oc) {
        launch("bias_backward_" + x, Dim3.covering(oc, 32), 1024, 0, KernelArgs.of().ptr(dbias).ptr(dout).i32(n).i32(oc));
    }

    // gelu.cu
    void geluForward(DevicePointer out, DevicePointer inp, long n) {
        launch("gelu_forward_" + x, Dim3.covering(n, 2048), 256, 0,
                KernelArgs.of().ptr(out).ptr(inp).i32(Math.toIntExact(n)));
    }

    void geluBackward(DevicePointer dinp, DevicePointer inp, DevicePointer dout, long n) {
        launch("gelu_backward_" + x, Dim3.covering(n, 2048), 256, 0,
                KernelArgs.of().ptr(dinp).ptr(inp).ptr(dout).i32(Math.toIntExact(n)));
    }

    // attention.cu: the naive path's layout changes and causal softmax (one warp per row)
    void permute(DevicePointer q, DevicePointer k, DevicePointer v, DevicePointer qkv, int b, int t, int nh, int hs) {
        launch("permute_" + x, Dim3.covering((long) b * t * nh * hs, 256), 256, 0,
                KernelArgs.of().ptr(q).ptr(k).ptr(v).ptr(qkv).i32(b).i32(t).i32(nh).i32(hs));
    }

    void permuteBackward(DevicePointer dqkv, DevicePointer dq, DevicePointer dk, DevicePointer dv, int b, int t,
                         int nh, int hs) {
        launch("permute_backward_" + x, Dim3.covering((long) b * t * nh * hs, 256), 256, 0,
                KernelArgs.of().ptr(dqkv).ptr(dq).ptr(dk).ptr(dv).i32(b).i32(t).i32(nh).i32(hs));
    }

    void unpermute(DevicePointer out, DevicePointer inp, int b, int t, int nh, int hs) {
        launch("unpermute_" + x, Dim3.covering((long) b * t * nh * hs, 256), 256, 0,
                KernelArgs.of().ptr(out).ptr(inp).i32(b).i32(t).i32(nh).i32(hs));
    }

    void unpermuteBackward(DevicePointer dinp, DevicePointer dout, int b, int t, int nh, int hs) {
        launch("unpermute_backward_" + x, Dim3.covering((long) b * t * nh * hs, 256), 256, 0,
                KernelArgs.of().ptr(dinp).ptr(dout).i32(b).i32(t).i32(nh).i32(hs));
    }

    void softmaxForward(DevicePointer att, DevicePointer preatt, float scale, int bnh, int t) {
        launch("softmax_forward_" + x, Dim3.covering((long) bnh * t, ROW_WARPS), 256, 0,
                KernelArgs.of().ptr(att).ptr(preatt).f32(scale).i32(bnh).i32(t));
    }

    /** {@code dpreatt} may be {@code datt}: the kernel reads a row's sum before it writes. */
    void softmaxBackward(DevicePointer dpreatt, DevicePointer datt, DevicePointer att, float scale, int bnh, int t) {
        launch("softmax_backward_" + x, Dim3.covering((long) bnh * t, ROW_WARPS), 256, 0,
                KernelArgs.of().ptr(dpreatt).ptr(datt).ptr(att).f32(scale).i32(bnh).i32(t));
    }

    // flash_attention.cu: tiles of R rows (32 up to HS 64, else 16), 128 threads a block
    static int flashTileRows(int hs) {
        return hs <= 64 ? 32 : 16;
    }

    void flashAttentionForward(DevicePointer out, DevicePointer lse, DevicePointer qkv, int b, int t, int nh,
                               int hs) {
        int r = flashTileRows(hs);
        launch("flash_attention_forward_" + x, Dim3.of(b * nh, (t + r - 1) / r), FLASH_THREADS,
                4 * (3 * r * (hs + 1) + r * (r + 1)),
                KernelArgs.of().ptr(out).ptr(lse).ptr(qkv).i32(b).i32(t).i32(nh).i32(hs));
    }

    void flashAttentionBackward(DevicePointer dqkv, DevicePointer delta, DevicePointer dout, DevicePointer out,
                                DevicePointer qkv, DevicePointer lse, int b, int t, int nh, int hs) {
        int r = flashTileRows(hs);
        launch("flash_attention_backward_preprocess_" + x, Dim3.covering((long) b * t * nh, ROW_WARPS), 256, 0,
                KernelArgs.of().ptr(delta).ptr(out).ptr(dout).i32(b).i32(t).i32(nh).i32(hs));
        KernelArgs args = KernelArgs.of().ptr(dqkv).ptr(dout).ptr(qkv).ptr(lse).ptr(delta).i32(b).i32(t).i32(nh)
                .i32(hs);
        Dim3 grid = Dim3.of(b * nh, (t + r - 1) / r);
        launch("flash_attention_backward_dkdv_" + x, grid, FLASH_THREADS,
                4 * (4 * r * (hs + 1) + 2 * r * (r + 1) + 2 * r), args);
        launch("flash_attention_backward_dq_" + x, grid, FLASH_THREADS, 4 * (4 * r * (hs + 1) + r * (r + 1)), args);
    }

    // crossentropy.cu: one block per row of the (N, V) logits, which become their gradient in place
    void crossEntropyForwardBackward(DevicePointer logits, DevicePointer losses, DevicePointer targets, int n, int v,
                                     float dlossScale) {
        launch("crossentropy_forward_backward_" + x, Dim3.of(n), 1024, 0,
                KernelArgs.of().ptr(logits).ptr(losses).ptr(targets).i32(n).i32(v).f32(dlossScale));
    }

    // adamw.cu: one update of n elements; master is null in fp32 (the parameters are the master copy)
    void adamW(DevicePointer params, DevicePointer master, DevicePointer grads, DevicePointer m, DevicePointer v,
               long n, AdamWStep s) {
        launch("adamw_" + x, Dim3.covering(n, 256), 256, 0, KernelArgs.of().ptr(params).ptr(master).ptr(grads).ptr(m)
                .ptr(v).i64(n).f32(s.learningRate()).f32(s.beta1()).f32(s.beta2()).f32(s.beta1Correction())
                .f32(s.beta2Correction()).f32(s.epsilon()).f32(s.weightDecay()));
    }

    // global_norm.cu: a fixed grid of partial sums, then one block adds them
    void globalNormSquared(DevicePointer out, DevicePointer partials, int blocks, DevicePointer grads, long n) {
        launch("global_norm_squared", Dim3.of(blocks), 256, 0, KernelArgs.of().ptr(partials).ptr(grads).i64(n));
        launch("reduce_sum", Dim3.of(1), 1024, 0, KernelArgs.of().ptr(out).ptr(partials).i32(blocks));
    }

    // cast.cu
    void castToBf16(DevicePointer out, DevicePointer in, long n) {
        launch("cast_f32_to_bf16", Dim3.covering(n, 2048), 256, 0, KernelArgs.of().ptr(out).ptr(in).i64(n));
    }

    void castToF32(DevicePointer out, DevicePointer in, long n) {
        launch("cast_bf16_to_f32", Dim3.covering(n, 2048), 256, 0, KernelArgs.of().ptr(out).ptr(in).i64(n));
    }

    /** One AdamW step's scalars: the settings, the bias corrections 1 - β^t, and the decay of this tensor. */
    record AdamWStep(float learningRate, float beta1, float beta2, float beta1Correction, float beta2Correction,
                     float epsilon, float weightDecay) {
    }
}
