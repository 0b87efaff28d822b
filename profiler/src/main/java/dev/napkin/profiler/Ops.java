package dev.napkin.profiler;

/**
 * Cost formulas per kind of operation, in elements; bytes are elements x the dtype's size {@code e}.
 * FLOP conventions: a multiply-add is 2 FLOPs; elementwise costs are counted from each op's formula (noted at
 * each method) with exp, tanh and rsqrt as 1 FLOP each, as Chinchilla appendix F counts softmax at 3 per element.
 */
final class Ops {
    private Ops() {
    }

    /**
     * Y (n x m) = X (n x k) · W (k x m) [+ b]. Forward 2·n·k·m (+ n·m for the bias); backward dX = dY·Wᵀ is
     * 2·n·k·m (input gradient) and dW = Xᵀ·dY is 2·n·k·m (+ n·m for db) (weight gradient).
     *
     * @param params     the layer's parameters (all experts' for a mixture of experts)
     * @param keepInput  whether backward needs X kept (false when another op already keeps the same tensor)
     */
    static OpCost linear(String name, OpKind kind, int layer, double n, double k, double m, boolean bias, long params,
                         double e, boolean keepInput) {
        double matmul = 2 * n * k * m;
        double biasFlops = bias ? n * m : 0;
        double weights = k * m + (bias ? m : 0);
        return OpCost.builder(name, kind, layer)
                .forwardFlops(matmul + biasFlops).backwardInputFlops(matmul).backwardWeightFlops(matmul + biasFlops)
                .params(params)
                .forwardBytesRead((n * k + weights) * e).forwardBytesWritten(n * m * e)
                .backwardBytesRead((2 * n * m + weights + n * k) * e).backwardBytesWritten((n * k + weights) * e)
                .activationBytes(keepInput ? n * k * e : 0)
                .build();
    }

    /**
     * A weightless batched matmul C (m x n) = A (m x k) · B (k x n) over {@code batches} (attention's Q·Kᵀ and
     * P·V): forward 2·batches·m·k·n; backward dA = dC·Bᵀ and dB = Aᵀ·dC, 4·batches·m·k·n, all input gradient.
     *
     * @param aElements, bElements the operands as stored (K and V are narrower with grouped-query attention)
     */
    static OpCost batchedMatmul(String name, OpKind kind, int layer, double batches, double m, double k, double n,
                                double aElements, double bElements, double e, double keptElements) {
        double flops = 2 * batches * m * k * n;
        double c = batches * m * n;
        return OpCost.builder(name, kind, layer)
                .forwardFlops(flops).backwardInputFlops(2 * flops)
                .forwardBytesRead((aElements + bElements) * e).forwardBytesWritten(c * e)
                .backwardBytesRead((c + aElements + bElements) * e).backwardBytesWritten((aElements + bElements) * e)
                .activationBytes(keptElements * e)
                .build();
    }

    /**
     * An elementwise op over {@code elements} values reading {@code inputs} tensors of that size and writing one.
     * Backward reads the output gradient and what was kept, writes the input gradients.
     */
    static OpCost elementwise(String name, OpKind kind, int layer, double elements, double forwardPerElement,
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
    static OpCost norm(String name, boolean rms, int layer, double n, double c, double e) {
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
}
