package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --gemm} writes a GEMM efficiency table that {@code plan --gemm-efficiency} reads: the two commands on
 * one file. The GEMMs run on the emulated device (the emulator library the harness tests build).
 */
class GemmThenPlanTest {
    private static final Path LIBRARY = Path.of("../harness/target/emu/libnapkin_emu.so").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void planReadsTheTableBenchMeasured() {
        assumeTrue(Files.isRegularFile(LIBRARY), "no emulator library at " + LIBRARY + " (the harness tests build it "
                + "with g++; without g++ they are skipped)");
        System.setProperty("napkin.emulator.library", LIBRARY.toString());
        try {
            Run bench = Run.of("bench", "--backend", "emulated", "--layers", "2", "--d-model", "64", "--heads", "4",
                    "--vocab", "97", "--context", "32", "--seq", "24", "--batch", "2", "--gemm", "--warmup", "0",
                    "--steps", "1", "--peak-tflops", "0.3", "--out", dir.toString(), "--format", "json");
            assertEquals(0, bench.exitCode(), bench.err());
            Path table = dir.resolve("l2-c64-nh4-v97_emulated_bf16-mixed_b2_t24_gemm-efficiency.json");
            assertTrue(Files.isRegularFile(table), "bench --gemm names its table: " + bench.out());
            Run plan = Run.of("plan", "--model", "gpt2-small", "--gpus", "8", "--gpu", "h100-sxm", "--seq", "1024",
                    "--global-batch", "64", "--gemm-efficiency", table.toString(), "--format", "json");
            assertEquals(0, plan.exitCode(), plan.err());
            JsonNode json = plan.json();
            assertTrue(json.toString().contains("measured: reference GEMM"), "the plan names the measured table: "
                    + json);
        } finally {
            System.clearProperty("napkin.emulator.library");
        }
    }
}
