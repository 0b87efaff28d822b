package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.emu.EmulatedDevice;
import dev.napkin.harness.gpu.emu.EmulatorLibrary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GEMM benchmark on the emulator: every call site timed with both engines, napkin's kernels agreeing. */
class GemmBenchTest {
    @Test
    void everyCallSiteOfAStepIsTimedWithEachEngineAndTheEnginesAgree() {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
        List<GemmShapes.Shape> shapes = GemmShapes.of(GpuStepComparison.tiny(1, 32, 2, 50, 16), 2, 12,
                new GpuOptions(GpuPrecision.FP32, AttentionKind.NAIVE));
        List<GemmBench.Engine> engines = List.of(GemmBench.Engine.DEVICE, GemmBench.Engine.KERNELS);
        try (EmulatedDevice device = EmulatorLibrary.device(1L << 28)) {
            long before = device.memoryInfo().freeBytes();
            List<GemmBench.Row> rows = GemmBench.run(device, shapes, engines, Map.of(), false, 0, 1, 1e12);
            assertEquals(shapes.size() * engines.size(), rows.size());
            for (GemmBench.Row r : rows) {
                assertTrue(r.secondsPerCall() > 0 && r.flopsPerSecond() > 0, r.toString());
                // fp32 sums of at most k = 50 products in other orders: far below 1e-5 relative
                assertTrue(r.errorVsFirst() < 1e-5, r.shape().name() + " " + r.engine() + ": " + r.errorVsFirst());
            }
            assertEquals(before, device.memoryInfo().freeBytes(), "the benchmark frees its buffers");
        }
    }
}
