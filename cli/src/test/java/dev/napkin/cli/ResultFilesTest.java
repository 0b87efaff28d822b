package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.BenchResultJson;
import dev.napkin.harness.results.ProbeResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs into one results folder, and what Ctrl-C says: each run writes its own files, and names them. */
class ResultFilesTest {
    private static final List<String> PARTS = List.of("l2-c64-nh4-v512", "cpu", "fp32", "t64", "batch-search");
    private static final String NAME = "l2-c64-nh4-v512_cpu_fp32_t64_batch-search";
    private static final String SECOND = "l2-c64-nh4-v512_cpu_fp32_t64_run2_batch-search";
    private static final BenchResult.Header HEADER = BenchFixtures.HEADER;
    private static final List<ProbeResult> PROBES = List.of(
            BenchFixtures.FITS_2, BenchFixtures.OOM_8);

    @Test // the second run at once takes run2 before the last part (where napkin report looks), and says so
    void aSecondRunAtOnceWritesItsOwnFiles(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        try (ResultFiles first = ResultFiles.claim(dir, PARTS, "--out", new PrintWriter(err, true))) {
            assertEquals(List.of(dir.resolve(NAME + ".json").toString(), dir.resolve(NAME + ".csv").toString()),
                    first.describe());
            assertEquals("", err.toString(), "the first run has the name to itself");
            try (ResultFiles second = ResultFiles.claim(dir, PARTS, "--out", new PrintWriter(err, true))) {
                assertEquals(dir.resolve(SECOND + ".json").toString(), second.describe().getFirst());
                assertEquals(List.of("napkin bench: another run is writing " + dir.resolve(NAME + ".json") + "; this "
                        + "one writes " + dir.resolve(SECOND + ".json") + " and its .csv instead"),
                        err.toString().lines().toList());
            }
        }
        // both ended: the next run has the first name again
        StringWriter later = new StringWriter();
        try (ResultFiles again = ResultFiles.claim(dir, PARTS, "--out", new PrintWriter(later, true))) {
            assertEquals(dir.resolve(NAME + ".json").toString(), again.describe().getFirst());
            assertEquals("", later.toString());
        }
    }

    @Test // what the shutdown hook prints: nothing saved yet, then the probes saved with "complete": false
    void ctrlCSaysWhatWasSavedAndWhere(@TempDir Path dir) throws IOException {
        try (ResultFiles files = ResultFiles.claim(dir, PARTS, "--out", new PrintWriter(new StringWriter()))) {
            Path json = dir.resolve(NAME + ".json");
            assertEquals("napkin bench: interrupted before the first result; this run saved nothing (it would have "
                    + "written " + json + ")", files.interrupted());
            BenchResult running = BenchResult.running(HEADER, PROBES, 5);
            files.write(new BenchReport(running), 2);
            assertEquals("napkin bench: interrupted; the 2 probes that finished are saved in " + json + " and "
                    + dir.resolve(NAME + ".csv") + " (\"complete\": false)", files.interrupted());
            // and the file says what the line says
            JsonNode saved = Output.JSON.readTree(Files.readString(json));
            assertFalse(saved.get("complete").asBoolean());
            assertEquals(2, saved.get("probes").size());
            assertEquals(running, BenchResultJson.read(json));
        }
    }

    @Test // the name of the n-th run at once
    void namesOfRunsAtOnce() {
        assertEquals(NAME, ResultFiles.name(PARTS, 1));
        assertEquals(SECOND, ResultFiles.name(PARTS, 2));
        assertEquals("gpt2-small_cuda_bf16-mixed_b8_t1024_run3_gemm", ResultFiles.name(
                List.of("gpt2-small", "cuda", "bf16-mixed", "b8", "t1024", "gemm"), 3));
        assertTrue(ResultFiles.MAX_RUNS >= 2);
    }
}
