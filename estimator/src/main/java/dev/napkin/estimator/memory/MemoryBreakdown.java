package dev.napkin.estimator.memory;

/**
 * Bytes on one GPU, by what they hold.
 *
 * @param masterWeights  the fp32 copy mixed precision keeps for the update
 * @param activations    what the layers keep for backward (and the inputs of the final norm and head)
 * @param logits         the output logits in the compute dtype plus their fp32 copy for the loss (one copy for a
 *                       hand-written trainer)
 * @param workspace      a hand-written trainer's gradient buffers, token ids and losses (zero for a framework): the
 *                       workspace that grows with the micro-batch
 * @param fixedWorkspace workspace of the same size whatever the micro-batch (the GPU trainer's gradient-norm
 *                       buffers, the CPU trainer's per-thread scratch; zero for a framework)
 * @param givenModelStates model states given as bytes per parameter ({@code --bytes-per-param}), not split into
 *                       weights, gradients and optimizer state (those are then zero); zero otherwise
 */
public record MemoryBreakdown(double weights, double gradients, double optimizerState, double masterWeights,
                              double activations, double logits, double workspace, double fixedWorkspace,
                              double givenModelStates) {

    /** Model states split by kind. */
    public MemoryBreakdown(double weights, double gradients, double optimizerState, double masterWeights,
                           double activations, double logits, double workspace, double fixedWorkspace) {
        this(weights, gradients, optimizerState, masterWeights, activations, logits, workspace, fixedWorkspace, 0);
    }

    /** Without a fixed workspace. */
    public MemoryBreakdown(double weights, double gradients, double optimizerState, double masterWeights,
                           double activations, double logits, double workspace) {
        this(weights, gradients, optimizerState, masterWeights, activations, logits, workspace, 0, 0);
    }

    /** Without a workspace: a framework's trainer. */
    public MemoryBreakdown(double weights, double gradients, double optimizerState, double masterWeights,
                           double activations, double logits) {
        this(weights, gradients, optimizerState, masterWeights, activations, logits, 0, 0, 0);
    }

    public double total() {
        return weights + gradients + optimizerState + masterWeights + givenModelStates + activations + logits
                + workspace + fixedWorkspace;
    }

    /** What grows with the micro-batch: activations, logits and workspace. */
    public double perBatch() {
        return activations + logits + workspace;
    }

    /** Weights, gradients, optimizer state and master weights (or the given lump): what does not depend on the batch. */
    public double modelStates() {
        return weights + gradients + optimizerState + masterWeights + givenModelStates;
    }
}
