package dev.napkin.harness;

import dev.napkin.estimator.memory.MemoryEstimate;

/**
 * What {@code napkin bench} measures on: the CPU trainer, or the GPU trainer on a device (a CUDA GPU, or the
 * emulator). It opens a backend per probe, says how much memory its plans may use, and gives the estimator's
 * prediction for the trainer it runs.
 */
public interface BenchTarget extends AutoCloseable {
    /** {@code cpu}, {@code cuda} or {@code emulated}. */
    String backend();

    /** The device for tables: the CPU's name and threads, or the GPU's name, compute capability and driver. */
    String device();

    /** {@code fp32}, {@code tf32} or {@code bf16-mixed}. */
    String precision();

    /** The attention path ({@code naive}, {@code fused}); null on the CPU. */
    String attention();

    /** The GEMM that runs (a cuBLAS library and version, or napkin's kernels); null on the CPU. */
    String gemm();

    BackendFactory factory();

    /** The most a plan may hold here: the JVM heap's free room, or the device's free memory. */
    long memoryCapacityBytes();

    /** Where {@link #memoryCapacityBytes()} comes from, for the results. */
    String memoryCapacitySource();

    /** The estimator's memory for {@code config} with this trainer. */
    MemoryEstimate predicted(TrainConfig config);

    /** The estimator's largest batch of {@code config}'s shape within {@code memoryBytes}. */
    int predictedMaxBatch(TrainConfig config, double memoryBytes);

    @Override
    void close();
}
