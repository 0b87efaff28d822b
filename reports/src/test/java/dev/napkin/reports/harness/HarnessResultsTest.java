package dev.napkin.reports.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.BenchResultJson;
import dev.napkin.harness.results.ProbeResult;
import dev.napkin.reports.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessResultsTest {
    @Test // the fixture: GPT-2 small on cpu, seq 256, eight probes, 13 the largest that fit, 14 predicted
    void readsAFinishedSearchAsBenchWroteIt(@TempDir Path dir) {
        HarnessResults.Loaded loaded = HarnessResults.read(Fixtures.harness("complete", dir));
        assertEquals(List.of(), loaded.warnings());
        BatchSearchRun run = loaded.runs().getFirst();
        assertEquals("gpt2-small_cpu_fp32_t256", run.name());
        assertEquals("file gpt2-small_cpu_fp32_t256_batch-search.json", run.source());
        assertEquals(Fixtures.completeSearch(), run.result());
        assertEquals("gpt2-small", run.model());
        assertEquals(List.of(1, 2, 4, 8, 16, 12, 14, 13), run.probes().stream().map(ProbeResult::batch).toList());
        assertEquals(List.of(1, 2, 4, 8, 12, 13, 14, 16), run.probesByBatch().stream().map(ProbeResult::batch).toList());
        assertEquals(13, run.maxBatch().getAsInt());
        assertTrue(run.complete());
        ProbeResult failed = run.probes().get(4);
        assertFalse(failed.fits());
        assertNull(failed.tokensPerS());
        assertEquals(13, run.largestFitting().orElseThrow().batch());
    }

    @Test // a search cut short is kept with a warning; a cut-off file and a non-result are skipped, each named
    void warnsByNameAboutWhatItSkips(@TempDir Path dir) {
        HarnessResults.Loaded loaded = HarnessResults.read(Fixtures.harness("mixed", dir));
        assertEquals(List.of("gpt2-small_cpu_fp32_t128"), loaded.runs().stream().map(BatchSearchRun::name).toList());
        BatchSearchRun half = loaded.runs().getFirst();
        assertFalse(half.complete());
        assertTrue(half.maxBatch().isEmpty());
        assertEquals(3, half.probes().size());
        assertEquals(3, loaded.warnings().size(), loaded.warnings().toString());
        assertEquals("gpt2-small_cpu_fp32_t128_batch-search.json: the search is incomplete (\"complete\": false: "
                + "stopped before it finished, by Ctrl-C or a crash?); drew its 3 probes without a largest-batch line",
                loaded.warnings().get(0));
        assertTrue(loaded.warnings().get(1).startsWith("gpt2-small_cpu_fp32_t512_batch-search.json: skipped, not valid"
                + " JSON (cut off while being written?)"), loaded.warnings().get(1));
        assertEquals("notes.json: skipped, no \"probes\" key, so not a napkin bench result", loaded.warnings().get(2));
    }

    @Test // bench --batch N measures one size: nothing to draw a search from
    void skipsAFixedBatchRun(@TempDir Path dir) throws IOException {
        Fixtures.harness("complete", dir);
        BenchResult search = Fixtures.completeSearch();
        BenchResult.Header h = search.header();
        BenchResult.Header fixed = new BenchResult.Header(h.backend(), h.device(), h.threads(), h.model(), h.seq(),
                BenchResult.FIXED_BATCH, h.memoryLimitBytes(), h.memoryLimitSource(), h.warmup(), h.steps(), h.seed(),
                h.peakFlopsPerS(), h.peakSource(), h.flopsFormula(), h.flopsFormulaSource(), h.flopsPerToken(),
                h.files());
        Files.writeString(dir.resolve("gpt2-small_cpu_fp32_t256_batch4.json"), BenchResultJson.write(
                BenchResult.of(fixed, search.probes().subList(2, 3), null, 14, true, List.of())));
        HarnessResults.Loaded loaded = HarnessResults.read(dir);
        assertEquals(List.of("gpt2-small_cpu_fp32_t256"), loaded.runs().stream().map(BatchSearchRun::name).toList());
        assertEquals(List.of("gpt2-small_cpu_fp32_t256_batch4.json: skipped, a run of one fixed batch (mode batch), "
                + "not a batch search; measure one with napkin bench --find-max-batch"), loaded.warnings());
    }

    @Test
    void anEmptyFolderIsAnError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HarnessResults.read(dir));
        assertTrue(e.getMessage().startsWith("no harness results in " + dir + " (no *.json files); run `napkin bench"),
                e.getMessage());
    }

    @Test // never an empty chart: a folder of unusable files is an error naming the first
    void aFolderOfUnusableFilesIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a_batch-search.json"), "{\"backend\": \"cpu\", \"probes\": [");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HarnessResults.read(dir));
        assertTrue(e.getMessage().startsWith("no usable batch-search result in " + dir + ": skipped 1 file(s), first "
                + "a_batch-search.json: skipped, not valid JSON"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aMissingFolderIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HarnessResults.read(Path.of("/nonexistent/results")));
        assertEquals("--from /nonexistent/results is not a folder; give the folder napkin bench --out wrote",
                e.getMessage());
    }

    @Test // the harness reader's one-line reason reaches the warning, with the file's name
    void namesTheFileAndTheKey(@TempDir Path dir) throws IOException {
        Fixtures.harness("complete", dir);
        Path bad = dir.resolve("x_batch-search.json");
        Files.writeString(bad, BenchResultJson.write(Fixtures.completeSearch()).replace("\"seq\" : 256",
                "\"seq\" : \"long\""));
        HarnessResults.Loaded loaded = HarnessResults.read(dir);
        assertEquals(List.of("x_batch-search.json: skipped, \"seq\" should be a whole number, not a string"),
                loaded.warnings());
    }
}
