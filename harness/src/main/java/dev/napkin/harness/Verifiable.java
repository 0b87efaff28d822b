package dev.napkin.harness;

/**
 * A backend whose loss and gradients can be read back, so that two backends can be compared tensor by tensor from
 * the same seed and batch (the GPU against the CPU reference). Arrays follow the CPU's parameter layout
 * ({@code dev.napkin.harness.cpu.Gpt2Parameters}), in fp32.
 */
public interface Verifiable {
    /** Forward and backward on {@code batch} without an update; returns the mean loss. */
    float lossAndGradients(TokenBatch batch);

    /** The gradients of the last {@link #lossAndGradients} call. */
    float[] gradients();

    /** The parameters as they are now (fp32; the master copy where the backend keeps one). */
    float[] parameters();
}
