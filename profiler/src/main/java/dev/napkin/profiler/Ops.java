package dev.napkin.profiler;

import dev.napkin.estimator.model.NormKind;

/**
 * Cost formulas per kind of operation, in elements; bytes are elements x the dtype's size {@code e}.
 * FLOP conventions: a multiply-add is 2 FLOPs; elementwise costs are counted from each op's formula (noted at
 * each method) with exp, tanh and rsqrt as 1 FLOP each, as Chinchilla appendix F counts softmax at 3 per element.
 */
final class Ops {
    private Ops() {
    }

    // Y (rows x out) = X (rows x in) · W (in x out) [+ b (out)]: torch.nn.Linear(in, out, bias) over `rows` rows
    record Linear(double rows, double in, double out, boolean bias) {
        Linear(double rows, double in, double out) {
            this(rows, in, out, false);
        }

        // W and b, in·out (+ out): the parameters of one copy of the layer
        long weights() {
            return (long) (in * out + (bias ? out : 0));
        }
    }

    // what a linear layer keeps for backward: its input X, or nothing where another op keeps the same tensor
    enum Keep { INPUT, NOTHING }

    // C (m x n) = A (m x k) · B (k x n), `batches` times
    record BatchedGemm(double batches, double m, double k, double n) {
    }

    // a linear layer holding one copy of its weights and bias
    static OpCost linear(String name, OpKind kind, int layer, Linear x, Keep keep, double e) {
        return linear(name, kind, layer, x, x.weights(), keep, e);
    }

    /**
     * Y (n x m) = X (n x k) · W (k x m) [+ b]. Forward 2·n·k·m (+ n·m for the bias); backward dX = dY·Wᵀ is
     * 2·n·k·m (input gradient) and dW = Xᵀ·dY is 2·n·k·m (+ n·m for db) (weight gradient).
     *
     * @param params the layer's parameters (all experts' for a mixture of experts, none for a tied head)
     * @param keep   whether backward needs X kept ({@link Keep#NOTHING} when another op already keeps the same tensor)
     */
    static OpCost linear(String name, OpKind kind, int layer, Linear x, long params, Keep keep, double e) {
        double n = x.rows();
        double k = x.in();
        double m = x.out();
        boolean bias = x.bias();
        double matmul = 2 * n * k * m;
        double biasFlops = bias ? n * m : 0;
        double weights = k * m + (bias ? m : 0);
        return OpCost.builder(name, kind, layer)
                .forwardFlops(matmul + biasFlops).backwardInputFlops(matmul).backwardWeightFlops(matmul + biasFlops)
                .params(params)
                .forwardBytesRead((n * k + weights) * e).forwardBytesWritten(n * m * e)
                .backwardBytesRead((2 * n * m + weights + n * k) * e).backwardBytesWritten((n * k + weights) * e)
                .activationBytes(keep == Keep.INPUT ? n * k * e : 0)
                .build();
    }

    /**
     * A weightless batched matmul C (m x n) = A (m x k) · B (k x n) over {@code batches} (attention's Q·Kᵀ and
     * P·V): forward 2·batches·m·k·n; backward dA = dC·Bᵀ and dB = Aᵀ·dC, 4·batches·m·k·n, all input gradient.
     *
     * @param aElements, bElements the operands as stored (K and V are narrower with grouped-query attention)
     */
    static OpCost batchedMatmul(String name, OpKind kind, int layer, BatchedGemm g, double aElements,
                                double bElements, double keptElements, double e) {
        double flops = 2 * g.batches() * g.m() * g.k() * g.n();
        double c = g.batches() * g.m() * g.n();
        return OpCost.builder(name, kind, layer)
                .forwardFlops(flops).backwardInputFlops(2 * flops)
                .forwardBytesRead((aElements + bElements) * e).forwardBytesWritten(c * e)
                .backwardBytesRead((c + aElements + bElements) * e).backwardBytesWritten((aElements + bElements) * e)
                .activationBytes(keptElements * e)
                .build();
    }

    /**
     * FlashAttention (Dao et al. 2022) over K keys per query, Q·Kᵀ in d_qk and P·V in d_v per head: forward Q·Kᵀ,
     * scale, softmax and P·V in one pass, 2·H·T·K·(d_qk + d_v) + 4 per score; backward recomputes Q·Kᵀ and the
     * softmax, then dV = Pᵀ·dO (d_v), dP = dO·Vᵀ (d_v), dQ = dS·K and dK = dSᵀ·Q (d_qk): 2·H·T·K·(3·d_qk + 2·d_v)
     * + 9 per score (5 matmuls of 2·H·T²·HS when d_qk = d_v = HS and K = T). Memory traffic is Q, K, V, O and the
     * fp32 log-sum-exp per row; kept for backward: Q, K, V (O is kept by the output projection). Its weights are
     * the sinks ({@link AttentionShape#sinkParams()}).
     */
    static OpCost fusedAttention(String name, int layer, AttentionShape a, double e) {
        double n = a.tokens();
        int nh = a.nh();
        double dqk = a.dqk();
        double dv = a.dv();
        double scores = a.scores();
        double forward = 2 * scores * (dqk + dv) + 4 * scores;
        double backward = 2 * scores * (3 * dqk + 2 * dv) + 9 * scores;
        double qkv = n * (a.qWidth() + a.kWidth() + a.vWidth());
        double out = n * nh * dv;
        double logSumExp = n * nh * 4;
        return OpCost.builder(name, OpKind.FUSED_ATTENTION, layer)
                .forwardFlops(forward).backwardInputFlops(backward)
                .params(a.sinkParams())
                .forwardBytesRead(qkv * e).forwardBytesWritten(out * e + logSumExp)
                .backwardBytesRead((qkv + out + n * a.qWidth()) * e + logSumExp).backwardBytesWritten(qkv * e)
                .activationBytes(qkv * e)
                .build();
    }

    // rotate pairs of Q and K: (x1·cos - x2·sin, x1·sin + x2·cos), 6 FLOPs per pair, 3 per element each way
    static OpCost rotary(String name, int layer, double elements, double e) {
        return elementwise(name, OpKind.ROTARY, layer, elements, 3, 3, 1, e, 0);
    }

    // S / sqrt(d_qk) and the causal mask: 1 multiply per score each way
    static OpCost scaleMask(String name, int layer, double scores, double e) {
        return elementwise(name, OpKind.SCALE_MASK, layer, scores, 1, 1, 1, e, 0);
    }

    // softmax: exp, sum, divide (Chinchilla appendix F: 3 per score); backward y·(dy - Σ dy·y), 4 per score; keeps y
    static OpCost softmax(String name, int layer, double scores, double e) {
        return elementwise(name, OpKind.SOFTMAX, layer, scores, 3, 4, 1, e, scores * e);
    }

    // SiLU(g)·u: sigmoid (exp, add, divide), two multiplies = 5 per element; backward d(u) = dy·silu(g) and
    // d(g) = dy·u·σ(g)·(1 + g·(1 - σ(g))), about 10; keeps g and u
    static OpCost swiglu(String name, int layer, double elements, double e) {
        return elementwise(name, OpKind.SWIGLU, layer, elements, 5, 10, 2, e, 2 * elements * e);
    }

    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))): 8 per element with tanh as 1; backward recomputes the tanh and
    // applies 0.5·(1 + t) + 0.5·x·(1 - t²)·√(2/π)·(1 + 3·0.044715·x²), about 16; keeps x
    static OpCost gelu(String name, int layer, double elements, double e) {
        return elementwise(name, OpKind.GELU, layer, elements, 8, 16, 1, e, elements * e);
    }

    /**
     * An elementwise op over {@code elements} values reading {@code inputs} tensors of that size and writing one.
     * Backward reads the output gradient and what was kept, writes the input gradients.
     */
    private static OpCost elementwise(String name, OpKind kind, int layer, double elements, double forwardPerElement,
                                      double backwardPerElement, int inputs, double e, double keptBytes) {
        return OpCost.builder(name, kind, layer)
                .forwardFlops(forwardPerElement * elements).backwardInputFlops(backwardPerElement * elements)
                .forwardBytesRead(inputs * elements * e).forwardBytesWritten(elements * e)
                .backwardBytesRead((1 + inputs) * elements * e).backwardBytesWritten(inputs * elements * e)
                .activationBytes(keptBytes)
                .build();
    }

    /**
     * LayerNorm over n rows of width c (scale and shift): forward 5 per element (mean, variance, normalise,
     * scale, shift: the DeepSpeed flops profiler's count for an affine LayerNorm); backward
     * dx = (dŷ - mean(dŷ) - x̂·mean(dŷ·x̂)) / σ with dŷ = dy·γ is 8 per element, dγ = Σ dy·x̂ and dβ = Σ dy 3 per
     * element. RMSNorm (Zhang and Sennrich 2019, no mean, no shift): 4 forward, 6 input-gradient, 2 weight-gradient.
     * Both keep their input for backward (Korthikanti et al. 2022, section 4.1); the per-row statistics (fp32) are
     * read and written but, as in that paper, not counted as kept activations.
     */
    static OpCost norm(String name, NormKind kind, int layer, double n, double c, double e) {
        boolean rms = kind == NormKind.RMSNORM;
        double elements = n * c;
        double forward = rms ? 4 : 5;
        double backwardInput = rms ? 6 : 8;
        double backwardWeight = rms ? 2 : 3;
        long params = (long) c * (rms ? 1 : 2);
        double stats = n * 4 * (rms ? 1 : 2);
        double paramBytes = params * e;
        return OpCost.builder(name, rms ? OpKind.RMS_NORM : OpKind.LAYER_NORM, layer)
                .forwardFlops(forward * elements).backwardInputFlops(backwardInput * elements)
                .backwardWeightFlops(backwardWeight * elements)
                .params(params)
                .forwardBytesRead(elements * e + paramBytes).forwardBytesWritten(elements * e + stats)
                .backwardBytesRead(2 * elements * e + paramBytes + stats)
                .backwardBytesWritten(elements * e + paramBytes)
                .activationBytes(elements * e)
                .build();
    }

    /** Dropout: one multiply by mask/(1-p) per element each way; keeps a 1-byte mask (Korthikanti et al. 2022). */
    static OpCost dropout(String name, int layer, double elements, double e) {
        return OpCost.builder(name, OpKind.DROPOUT, layer)
                .forwardFlops(elements).backwardInputFlops(elements)
                .forwardBytesRead(elements * e).forwardBytesWritten(elements * e + elements)
                .backwardBytesRead(elements * e + elements).backwardBytesWritten(elements * e)
                .activationBytes(elements)
                .build();
    }

    /** x + f(x): one add per element; backward passes dy to both branches, accumulating into the skip path. */
    static OpCost residual(String name, int layer, double elements, double e) {
        return OpCost.builder(name, OpKind.RESIDUAL, layer)
                .forwardFlops(elements).backwardInputFlops(elements)
                .forwardBytesRead(2 * elements * e).forwardBytesWritten(elements * e)
                .backwardBytesRead(2 * elements * e).backwardBytesWritten(elements * e)
                .build();
    }
}
