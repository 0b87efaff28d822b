package dev.napkin.harness.gpu;

import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.estimator.units.Si;
import dev.napkin.harness.BackendFactory;
import dev.napkin.harness.BenchTarget;
import dev.napkin.harness.MemoryPrediction;
import dev.napkin.harness.TrainConfig;

/**
 * The GPU trainer on an open {@link Device}, which it owns: every probe opens a {@link GpuBackend} on it (and frees
 * its buffers when closed); closing the target releases the device.
 *
 * @param backend     {@code cuda} or {@code emulated}
 * @param gpu         the open device
 * @param description the device for tables
 * @param gemm        which GEMM runs
 */
public record GpuBenchTarget(String backend, Device gpu, String description, GpuOptions options, String gemm)
        implements BenchTarget {
    @Override
    public String device() {
        return description;
    }

    @Override
    public String precision() {
        return options.precision().id;
    }

    @Override
    public String attention() {
        return options.attention().id();
    }

    @Override
    public BackendFactory factory() {
        return config -> GpuBackend.open(config, options, gpu);
    }

    @Override
    public long memoryCapacityBytes() {
        return gpu.memoryInfo().freeBytes();
    }

    @Override
    public String memoryCapacitySource() {
        Device.MemoryInfo m = gpu.memoryInfo();
        return "the device's free memory (" + Si.gib(m.freeBytes()) + " of " + Si.gib(m.totalBytes()) + ")";
    }

    @Override
    public MemoryEstimate predicted(TrainConfig config) {
        return MemoryPrediction.of(config, options);
    }

    @Override
    public int predictedMaxBatch(TrainConfig config, double memoryBytes) {
        return MemoryPrediction.maxBatch(config, options, memoryBytes);
    }

    @Override
    public void close() {
        gpu.close();
    }
}
