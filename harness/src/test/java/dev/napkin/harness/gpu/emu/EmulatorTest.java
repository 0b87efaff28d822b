package dev.napkin.harness.gpu.emu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.napkin.harness.gpu.DeviceException;
import dev.napkin.harness.gpu.DeviceOutOfMemoryException;
import dev.napkin.harness.gpu.DevicePointer;
import dev.napkin.harness.gpu.Dim3;
import dev.napkin.harness.gpu.KernelArgs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator's execution model, against what CUDA specifies, with kernels written for it (emu_selftest.cu). */
class EmulatorTest {
    @BeforeAll
    static void library() {
        assumeTrue(EmulatorLibrary.unavailableReason().isEmpty(), EmulatorLibrary.unavailableReason().orElse(""));
    }

    @Test
    void blockReductionWithShufflesSharedMemoryAndBarriersSumsEachBlock() {
        int blocks = 7;
        int n = 1000;
        float[] in = new float[blocks * n];
        Random r = new Random(1);
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextFloat() - 0.5f;
        }
        try (EmulatedDevice d = EmulatorLibrary.device(1 << 20)) {
            DevicePointer dIn = upload(d, in);
            DevicePointer dOut = d.allocate(4L * blocks);
            // 96 threads: three warps, so the second reduction reads partial[3..31] as zeros
            d.launch("selftest_block_sum", Dim3.of(blocks), Dim3.of(96), 0, KernelArgs.of().ptr(dOut).ptr(dIn).i32(n));
            float[] out = download(d, dOut, blocks);
            for (int b = 0; b < blocks; b++) {
                double expected = 0;
                for (int i = 0; i < n; i++) {
                    expected += in[b * n + i];
                }
                // fp32 sums of 1000 terms in [-0.5, 0.5): |error| <= 1000 * 2^-24 * sum|x| < 1e-3
                assertEquals(expected, out[b], 1e-3, "block " + b);
            }
        }
    }

    @Test
    void shufflesFollowCudaSegmentRules() {
        try (EmulatedDevice d = EmulatorLibrary.device(1 << 20)) {
            DevicePointer out = d.allocate(4 * 32 * 4);
            d.launch("selftest_shuffles", Dim3.of(1), Dim3.of(32), 0, KernelArgs.of().ptr(out));
            int[] got = downloadInts(d, out, 128);
            for (int lane = 0; lane < 32; lane++) {
                int segment = lane / 16 * 16;
                int inSegment = lane % 16;
                // CUDA C++ Programming Guide, warp shuffle functions, with width 16:
                int down = inSegment + 3 < 16 ? lane + 3 : lane; // past the segment's end: own value
                int up = inSegment >= 2 ? lane - 2 : lane; // before its start: own value
                int xor = lane ^ 5; // stays in the segment for lane masks below the width
                int idx = segment + 7; // source lane 7 of the caller's segment
                assertArrayEquals(new int[] {down, up, xor, idx},
                        new int[] {got[4 * lane], got[4 * lane + 1], got[4 * lane + 2], got[4 * lane + 3]},
                        "lane " + lane);
            }
        }
    }

    @Test
    void dynamicSharedMemoryIsTheLaunchsSharedBytes() {
        int n = 200;
        int[] data = new int[n];
        for (int i = 0; i < n; i++) {
            data[i] = i * 3;
        }
        try (EmulatedDevice d = EmulatorLibrary.device(1 << 20)) {
            DevicePointer p = d.allocate(4L * n);
            d.copyToDevice(p, MemorySegment.ofArray(data));
            d.launch("selftest_reverse", Dim3.of(1), Dim3.of(n), 4 * n, KernelArgs.of().ptr(p));
            int[] got = downloadInts(d, p, n);
            for (int i = 0; i < n; i++) {
                assertEquals(data[n - 1 - i], got[i]);
            }
        }
    }

    @Test
    void atomicsCountEveryThreadOfEveryBlock() {
        try (EmulatedDevice d = EmulatorLibrary.device(1 << 20)) {
            DevicePointer p = d.allocate(4);
            d.zero(p, 4);
            d.launch("selftest_atomic_count", Dim3.of(5, 3), Dim3.of(64, 2), 0, KernelArgs.of().ptr(p));
            assertEquals(5 * 3 * 64 * 2, downloadInts(d, p, 1)[0]);
        }
    }

    @Test
    void aBarrierThatAThreadNeverReachesIsADeadlockNotAHang() {
        try (EmulatedDevice d = EmulatorLibrary.device(1 << 20)) {
            DevicePointer p = d.allocate(4 * 64);
            DeviceException e = assertThrows(DeviceException.class, () -> d.launch("selftest_divergent_barrier",
                    Dim3.of(1), Dim3.of(64), 0, KernelArgs.of().ptr(p)));
            assertTrue(e.getMessage().contains("deadlock in selftest_divergent_barrier block (0,0,0)"), e.getMessage());
            assertTrue(e.getMessage().contains("63 threads wait at __syncthreads"), e.getMessage());
        }
    }

    @Test
    void aWritePastTheEndOfAnAllocationIsReported() {
        EmulatedDevice d = EmulatorLibrary.device(1 << 20);
        DevicePointer p = d.allocate(4 * 10);
        d.launch("selftest_write_past_end", Dim3.of(1), Dim3.of(32), 0, KernelArgs.of().ptr(p).i32(10));
        DeviceException e = assertThrows(DeviceException.class, d::synchronize);
        assertTrue(e.getMessage().contains("0 bytes past the end of a 40-byte allocation"), e.getMessage());
        assertThrows(DeviceException.class, d::close, "closing frees the buffer and reports the damage again");
    }

    @Test
    void launchesAreCheckedAsTheKernelDeclaresItsParameters() {
        try (EmulatedDevice d = EmulatorLibrary.device(1 << 20)) {
            DevicePointer p = d.allocate(64);
            assertTrue(assertThrows(DeviceException.class, () -> d.launch("selftest_write_past_end", Dim3.of(1),
                    Dim3.of(1), 0, KernelArgs.of().ptr(p))).getMessage().contains("takes 2 parameters"));
            assertTrue(assertThrows(DeviceException.class, () -> d.launch("selftest_write_past_end", Dim3.of(1),
                    Dim3.of(1), 0, KernelArgs.of().ptr(p).i64(10))).getMessage().contains("parameter 1 is 4 bytes"));
            assertTrue(assertThrows(DeviceException.class, () -> d.launch("selftest_write_past_end", Dim3.of(1),
                    Dim3.of(1), 0, KernelArgs.of().ptr(new DevicePointer(4096)).i32(1))).getMessage()
                    .contains("outside every device allocation"));
            assertTrue(assertThrows(DeviceException.class, () -> d.launch("no_such_kernel", Dim3.of(1),
                    Dim3.of(1), 0, KernelArgs.of())).getMessage().contains("no kernel named no_such_kernel"));
            assertTrue(assertThrows(DeviceException.class, () -> d.launch("selftest_atomic_count", Dim3.of(1),
                    Dim3.of(1025), 0, KernelArgs.of().ptr(p))).getMessage().contains("invalid launch shape"));
        }
    }

    @Test
    void allocationsBeyondTheCapacityFailAsOutOfMemory() {
        try (EmulatedDevice d = EmulatorLibrary.device(1000)) {
            d.allocate(600);
            DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> d.allocate(600));
            assertEquals(600, e.requestedBytes());
            assertEquals(400, d.memoryInfo().freeBytes());
        }
    }

    static DevicePointer upload(EmulatedDevice d, float[] host) {
        DevicePointer p = d.allocate(4L * host.length);
        d.copyToDevice(p, MemorySegment.ofArray(host));
        return p;
    }

    static float[] download(EmulatedDevice d, DevicePointer p, int n) {
        float[] out = new float[n];
        d.copyToHost(MemorySegment.ofArray(out), p);
        return out;
    }

    static int[] downloadInts(EmulatedDevice d, DevicePointer p, int n) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(4L * n);
            d.copyToHost(s, p);
            return s.toArray(ValueLayout.JAVA_INT);
        }
    }
}
