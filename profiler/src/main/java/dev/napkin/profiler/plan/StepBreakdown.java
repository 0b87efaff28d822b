package dev.napkin.profiler.plan;

/**
 * Where the seconds of one training step go on the slowest pipeline stage. Compute is summed over the step's
 * micro-batches; the bubble is the idle time of the 1F1B schedule, (p−1)/v micro-batch times (Narayanan et al.
 * 2021 section 2.2); each communication says how much of it the step waits for.
 *
 * @param forwardSeconds     the forward passes, matmuls and memory-bound ops
 * @param backwardSeconds    the backward passes (input and weight gradients)
 * @param recomputeSeconds   forward work rerun in backward (selective: the attention core; full: the layer)
 * @param tensorParallel     all-reduces (or all-gather + reduce-scatter with sequence parallelism) in each layer
 * @param contextParallel    the ring exchange of K and V, overlapped with the attention core
 * @param expertParallel     the all-to-all of each mixture-of-experts layer: tokens to their experts and back
 *                           (dispatch and combine) forward, the same backward; exposed unless the job hides them
 *                           behind compute (DualPipe)
 * @param pipeline           point-to-point sends of activations and their gradients between stages
 * @param dataParallel       the gradient all-reduce (ZeRO 0) or reduce-scatter (ZeRO 1-3)
 * @param zeroGather         ZeRO's all-gather of updated weights (1, 2), or of every layer's weights in each
 *                           forward and backward (3)
 * @param optimizerSeconds   the optimizer step, bound by memory bandwidth
 */
public record StepBreakdown(double forwardSeconds, double backwardSeconds, double recomputeSeconds,
                            CommTime tensorParallel, CommTime contextParallel, CommTime expertParallel,
                            CommTime pipeline,
                            double bubbleSeconds, CommTime dataParallel, CommTime zeroGather,
                            double optimizerSeconds) {

    /** Compute on the GPU: forward, backward and recompute. */
    public double computeSeconds() {
        return forwardSeconds + backwardSeconds + recomputeSeconds;
    }

    /** Communication the step waits for. */
    public double exposedCommunicationSeconds() {
        return tensorParallel.exposedSeconds() + contextParallel.exposedSeconds() + expertParallel.exposedSeconds()
                + pipeline.exposedSeconds() + dataParallel.exposedSeconds() + zeroGather.exposedSeconds();
    }

    /** Communication hidden behind compute. */
    public double overlappedCommunicationSeconds() {
        return tensorParallel.overlappedSeconds() + contextParallel.overlappedSeconds()
                + expertParallel.overlappedSeconds() + pipeline.overlappedSeconds() + dataParallel.overlappedSeconds()
                + zeroGather.overlappedSeconds();
    }

    /** The step: compute, exposed communication, the bubble and the optimizer. */
    public double stepSeconds() {
        return computeSeconds() + exposedCommunicationSeconds() + bubbleSeconds + optimizerSeconds;
    }
}
