package dev.napkin.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FmaPeakTest {
    @Test // x -> 1·x + 1 counts its steps: twelve chains of n steps sum to 12 n, so none is skipped
    void theChainsRunEveryStep() {
        assertEquals(12f * 100_000, FmaPeak.twelveChains(100_000, 1f, 1f));
        assertEquals(24f, FmaPeak.twelveChains(1000, 0.5f, 1f));
    }

    // Within what the CPU can do, from /proc/cpuinfo, not from FmaPeak: the JVM's vectors are no wider than the
    // CPU's registers (flags avx512f: 512 bits, 16 fp32 lanes; avx or avx2: 256 bits, 8; else SSE's 128 bits, 4),
    // and one thread does at most 2 vector FMAs a cycle (two FMA units, the most an x86 core has: Intel since
    // Haswell, AMD since Zen) at 6.5 GHz (the fastest boost clock sold is 6.2 GHz), so at most 6.5e9 x 2 x 2 FLOPs
    // x lanes. A peak counted with the wrong lanes or FLOPs per FMA falls outside.
    @Test
    void peakIsWithinWhatTheCpuCanDo() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        assumeTrue(Files.isReadable(cpuinfo), "no /proc/cpuinfo on this machine");
        String flags = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags")).findFirst()
                .orElse(null);
        assumeTrue(flags != null, "/proc/cpuinfo names no x86 flags (not an x86 CPU)");
        List<String> has = List.of(flags.substring(flags.indexOf(':') + 1).strip().split("\\s+"));
        int registerLanes = has.contains("avx512f") ? 16 : has.contains("avx") || has.contains("avx2") ? 8 : 4;

        FmaPeak p = FmaPeak.measure(1, 2, 0.05);
        assertTrue(p.lanes() >= 1 && p.lanes() <= registerLanes, "lanes " + p.lanes() + " on " + registerLanes
                + "-lane registers");
        assertTrue(p.fmasPerSecondPerThread() > 1e8, "a CPU core does more than 1e8 FMAs a second: " + p);
        assertTrue(p.fmasPerSecondPerThread() <= 6.5e9 * 2, "one thread, two scalar FMAs a cycle at most: " + p);
        assertTrue(p.flopsPerSecond() <= 6.5e9 * 2 * 2 * registerLanes, "above the CPU's ceiling: " + p);
        // every lane counts: at least the scalar FMA's 2 FLOPs
        assertTrue(p.flopsPerSecond() >= 2 * p.fmasPerSecondPerThread(), p.toString());
    }
}
