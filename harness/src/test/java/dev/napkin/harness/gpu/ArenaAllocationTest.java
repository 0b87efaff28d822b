package dev.napkin.harness.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.MemoryPlan;
import dev.napkin.harness.OutOfMemoryException;
import dev.napkin.harness.TokenBatch;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.cpu.CpuBackend;
import dev.napkin.harness.gpu.emu.EmulatedDevice;
import dev.napkin.harness.gpu.emu.EmulatorLibrary;
import org.junit.jupiter.api.Test;

/**
 * On a device that does not check bounds (a GPU), the trainer's buffers are carved out of one allocation: the probe
 * takes exactly the arena the plan needs (each buffer rounded up to 256 bytes), an arena that does not fit is one
 * out-of-memory probe, and the step computes what it computes with one allocation per buffer.
 */
class ArenaAllocationTest {
    private static final TrainConfig CONFIG = new TrainConfig("tiny", GpuStepComparison.tiny(2, 48, 4, 67, 16), 2, 13,
            1, 1L << 30, AdamWSettings.gpt2());
    private static final GpuOptions OPTIONS = new GpuOptions(GpuPrecision.FP32, AttentionKind.NAIVE);

    /** The emulator, seen as a device without bounds checks. */
    private static final class Unchecked extends ForwardingDevice {
        Unchecked(Device inner) {
            super(inner);
        }

        @Override
        public boolean checksBounds() {
            return false;
        }
    }

    @Test
    void theProbeTakesOneArenaOfThePlanAndComputesTheSameStep() {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
        MemoryPlan plan = GpuBackend.plan(CONFIG, OPTIONS);
        long arena = DeviceAllocator.arenaBytes(plan);
        // rounding adds less than 256 bytes to each buffer
        long buffers = plan.buffers().stream().mapToLong(MemoryPlan.Buffer::copies).sum();
        assertTrue(arena >= plan.totalBytes() && arena < plan.totalBytes() + 256 * buffers);
        TokenBatch tokens = TokenBatch.random(2, 13, 67, 3);
        try (EmulatedDevice emulator = EmulatorLibrary.device(1L << 30); CpuBackend cpu = CpuBackend.open(CONFIG)) {
            long free = emulator.memoryInfo().freeBytes();
            try (GpuBackend gpu = GpuBackend.open(CONFIG, OPTIONS, new Unchecked(emulator))) {
                assertEquals(arena, free - emulator.memoryInfo().freeBytes(), "one allocation, the arena");
                cpu.init(5);
                gpu.init(5);
                assertEquals(cpu.lossAndGradients(tokens), gpu.lossAndGradients(tokens), 1e-6);
            }
            assertEquals(free, emulator.memoryInfo().freeBytes(), "closing the probe frees the arena");
        }
    }

    @Test
    void anArenaThatDoesNotFitIsAnOutOfMemoryProbe() {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
        long arena = DeviceAllocator.arenaBytes(GpuBackend.plan(CONFIG, OPTIONS));
        // the plan fits the device's free memory, its rounded arena does not: the allocation itself fails
        long plan = GpuBackend.plan(CONFIG, OPTIONS).totalBytes();
        try (EmulatedDevice emulator = EmulatorLibrary.device(plan + (arena - plan) / 2)) {
            assertThrows(OutOfMemoryException.class, () -> GpuBackend.open(CONFIG, OPTIONS, new Unchecked(emulator)));
            assertEquals(emulator.memoryInfo().totalBytes(), emulator.memoryInfo().freeBytes());
        }
    }
}
