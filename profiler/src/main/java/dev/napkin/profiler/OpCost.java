package dev.napkin.profiler;

/**
 * One operation of a training step: its FLOPs (forward; backward split into the input gradient and the weight
 * gradient), its parameters, the bytes it reads and writes (forward and backward), and the bytes it keeps for
 * backward.
 *
 * @param layer the transformer layer (0-based), or -1 for the embedding and the head
 */
public record OpCost(String name, OpKind kind, int layer, double forwardFlops, double backwardInputFlops,
                     double backwardWeightFlops, long params, double forwardBytesRead, double forwardBytesWritten,
                     double backwardBytesRead, double backwardBytesWritten, double activationBytes) {

    public OpCost {
        double[] all = {forwardFlops, backwardInputFlops, backwardWeightFlops, forwardBytesRead, forwardBytesWritten,
                backwardBytesRead, backwardBytesWritten, activationBytes};
        for (double v : all) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalStateException("op " + name + " has a negative or non-finite count: " + v);
            }
        }
        if (params < 0) {
            throw new IllegalStateException("op " + name + " has negative parameters " + params);
        }
    }

    public double backwardFlops() {
        return backwardInputFlops + backwardWeightFlops;
    }

    public double flops() {
        return forwardFlops + backwardFlops();
    }

    public double bytesRead() {
        return forwardBytesRead + backwardBytesRead;
    }

    public double bytesWritten() {
        return forwardBytesWritten + backwardBytesWritten;
    }

    /** FLOPs per byte moved over the whole step (forward and backward). */
    public double arithmeticIntensity() {
        double bytes = bytesRead() + bytesWritten();
        return bytes == 0 ? 0 : flops() / bytes;
    }

    /** The same op holding {@code count} parameters (a weight that joins an elementwise op, such as a sink logit). */
    OpCost withParams(long count) {
        return new OpCost(name, kind, layer, forwardFlops, backwardInputFlops, backwardWeightFlops, count,
                forwardBytesRead, forwardBytesWritten, backwardBytesRead, backwardBytesWritten, activationBytes);
    }

    /** The op as thop would see it: weight matmuls only, forward only. */
    OpCost forwardOnly() {
        return new OpCost(name, kind, layer, forwardFlops, 0, 0, params, forwardBytesRead, forwardBytesWritten, 0, 0, 0);
    }
}
