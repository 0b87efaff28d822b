package dev.napkin.harness.cpu;

import dev.napkin.estimator.memory.MemoryEstimate;
import dev.napkin.harness.BackendFactory;
import dev.napkin.harness.BenchTarget;
import dev.napkin.harness.CpuInfo;
import dev.napkin.harness.MemoryPrediction;
import dev.napkin.harness.TrainConfig;
import dev.napkin.estimator.units.Si;

/** The CPU trainer: fp32, the JVM heap standing in for device memory. */
public record CpuBenchTarget(int threads) implements BenchTarget {
    @Override
    public String backend() {
        return "cpu";
    }

    @Override
    public String device() {
        return CpuInfo.modelName() + ", " + threads + " thread" + (threads == 1 ? "" : "s");
    }

    @Override
    public String precision() {
        return "fp32";
    }

    @Override
    public String attention() {
        return null;
    }

    @Override
    public String gemm() {
        return null;
    }

    @Override
    public BackendFactory factory() {
        return CpuBackend::open;
    }

    @Override
    public long memoryCapacityBytes() {
        return CpuBackend.memoryCapacityBytes();
    }

    @Override
    public String memoryCapacitySource() {
        return "the JVM heap's free room (" + Si.gib(memoryCapacityBytes()) + ")";
    }

    @Override
    public MemoryEstimate predicted(TrainConfig config) {
        return MemoryPrediction.of(config);
    }

    @Override
    public int predictedMaxBatch(TrainConfig config, double memoryBytes) {
        return MemoryPrediction.maxBatch(config, memoryBytes);
    }

    @Override
    public void close() {
        // nothing held between probes
    }
}
