package dev.napkin.profiler;

/**
 * One operation of a training step: its FLOPs (forward; backward split into the input gradient and the weight
 * gradient), its parameters, the bytes it reads and writes (forward and backward), and the bytes it keeps for
 * backward. Built by name with {@link #builder}.
 *
 * @param layer                the transformer layer (0-based), or {@link #OUTSIDE_LAYERS} for the embedding and
 *                             the head
 * @param backwardInputFlops   FLOPs of the gradient with respect to the op's input (dX)
 * @param backwardWeightFlops  FLOPs of the gradient with respect to its weights (dW, db)
 * @param activationBytes      bytes kept from forward for backward
 */
public record OpCost(String name, OpKind kind, int layer, double forwardFlops, double backwardInputFlops,
                     double backwardWeightFlops, long params, double forwardBytesRead, double forwardBytesWritten,
                     double backwardBytesRead, double backwardBytesWritten, double activationBytes) {
    /** The layer of the ops outside the transformer layers (the embedding and the head): -1, as written out. */
    public static final int OUTSIDE_LAYERS = -1;

    public OpCost {
        if (layer < OUTSIDE_LAYERS) {
            throw new IllegalStateException("op " + name + " has layer " + layer + ", below " + OUTSIDE_LAYERS
                    + " (outside the layers)");
        }
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

    /** An op with every count zero until set: no FLOPs, no parameters, no traffic, nothing kept. */
    public static Builder builder(String name, OpKind kind, int layer) {
        return new Builder(name, kind, layer);
    }

    /** A builder holding every count of this op, to change a few. */
    public Builder toBuilder() {
        return builder(name, kind, layer).forwardFlops(forwardFlops).backwardInputFlops(backwardInputFlops)
                .backwardWeightFlops(backwardWeightFlops).params(params).forwardBytesRead(forwardBytesRead)
                .forwardBytesWritten(forwardBytesWritten).backwardBytesRead(backwardBytesRead)
                .backwardBytesWritten(backwardBytesWritten).activationBytes(activationBytes);
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
        return toBuilder().params(count).build();
    }

    /** The op as thop would see it: weight matmuls only, forward only. */
    OpCost forwardOnly() {
        return builder(name, kind, layer).forwardFlops(forwardFlops).params(params).forwardBytesRead(forwardBytesRead)
                .forwardBytesWritten(forwardBytesWritten).build();
    }

    /** Named counts of one op; what is not set is zero. The record refuses a negative or non-finite count. */
    public static final class Builder {
        private final String name;
        private final OpKind kind;
        private final int layer;
        private double forwardFlops;
        private double backwardInputFlops;
        private double backwardWeightFlops;
        private long params;
        private double forwardBytesRead;
        private double forwardBytesWritten;
        private double backwardBytesRead;
        private double backwardBytesWritten;
        private double activationBytes;

        private Builder(String name, OpKind kind, int layer) {
            this.name = name;
            this.kind = kind;
            this.layer = layer;
        }

        public Builder forwardFlops(double value) {
            forwardFlops = value;
            return this;
        }

        public Builder backwardInputFlops(double value) {
            backwardInputFlops = value;
            return this;
        }

        public Builder backwardWeightFlops(double value) {
            backwardWeightFlops = value;
            return this;
        }

        public Builder params(long value) {
            params = value;
            return this;
        }

        public Builder forwardBytesRead(double value) {
            forwardBytesRead = value;
            return this;
        }

        public Builder forwardBytesWritten(double value) {
            forwardBytesWritten = value;
            return this;
        }

        public Builder backwardBytesRead(double value) {
            backwardBytesRead = value;
            return this;
        }

        public Builder backwardBytesWritten(double value) {
            backwardBytesWritten = value;
            return this;
        }

        public Builder activationBytes(double value) {
            activationBytes = value;
            return this;
        }

        public OpCost build() {
            return new OpCost(name, kind, layer, forwardFlops, backwardInputFlops, backwardWeightFlops, params,
                    forwardBytesRead, forwardBytesWritten, backwardBytesRead, backwardBytesWritten, activationBytes);
        }
    }
}
