package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.BenchResultJson;
import dev.napkin.harness.results.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** napkin report, sweep and demo's report folder, through the real command line. */
class ReportCommandsTest {
    private static final BenchResult.Header HEADER = BenchFixtures.HEADER;
    private static final List<ProbeResult> PROBES = List.of(
            BenchFixtures.FITS_2, BenchFixtures.OOM_8,
            new ProbeResult(4, true, 44.0, 0.22, 3_000_000_000L, 2.99e9, -0.003, 11.6, 44.0 * 746_638_848, 10.9f,
                    10.8f, null));
    /** A finished search as napkin bench's writer puts it in its results file: 4 the largest that fit. */
    private static final String RESULT = BenchResultJson.write(BenchResult.of(HEADER, PROBES, 4, 5, true, List.of()));
    /** The same search while it ran, after two probes. */
    private static final String RUNNING = BenchResultJson.write(BenchResult.running(HEADER, PROBES.subList(0, 2), 5));

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void refused(Run run, String fragment) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(fragment), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Invalid value"), run.err());
    }

    @Test
    void reportTurnsHarnessResultsIntoChartsOneAndFour(@TempDir Path results, @TempDir Path tmp) throws IOException {
        Files.writeString(results.resolve("gpt2-small_cpu_fp32_t128_batch-search.json"), RESULT);
        Path out = tmp.resolve("report");
        Run run = Run.of("report", "--from", results.toString(), "--out", out.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertEquals(List.of("batch-search_gpt2-small_cpu_fp32_t128.png", "batch-search_probes.csv",
                "batch-search_runs.csv", "index.html", "roofline_gpt2-small_cpu_fp32_t128_h100-sxm_bf16.png",
                "roofline_ops.csv", "roofline_steps.csv"), names(out));
        JsonNode json = run.json();
        assertEquals(2, json.get("charts").asInt());
        assertEquals(4, json.get("tables").asInt());
        assertEquals(out.resolve("index.html").toUri().toString(), json.get("index").asText());
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("<code>napkin report --from " + results + " --out " + out + " --format json</code>"),
                page);
        assertTrue(Files.readString(out.resolve("batch-search_probes.csv")).startsWith(
                "run,backend,model,seq,probe,batch,fits,tokens_per_s,mfu,peak_bytes\n"
                        + "gpt2-small_cpu_fp32_t128,cpu,gpt2-small,128,1,2,true,40.0,0.2,2000000000\n"));
    }

    @Test // a search cut short is drawn with a warning naming it; a cut-off file is skipped
    void halfWrittenFilesAreNamedOnStderr(@TempDir Path results, @TempDir Path tmp) throws IOException {
        Files.writeString(results.resolve("a_batch-search.json"), RUNNING);
        Files.writeString(results.resolve("b_batch-search.json"), RESULT.substring(0, 200));
        Run run = Run.of("report", "--from", results.toString(), "--out", tmp.resolve("r").toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> warnings = run.err().lines().toList();
        assertEquals(2, warnings.size(), run.err());
        assertTrue(warnings.get(0).startsWith("napkin report: warning: a_batch-search.json: the search is incomplete"),
                warnings.get(0));
        assertTrue(warnings.get(1).startsWith("napkin report: warning: b_batch-search.json: skipped, not valid JSON"),
                warnings.get(1));
        assertTrue(run.out().contains("2 warnings about the input"), run.out());
    }

    @Test
    void emptyOrUnusableResultsAreAnError(@TempDir Path results, @TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("r");
        refused(Run.of("report", "--from", results.toString(), "--out", out.toString()),
                "napkin report: no harness results in " + results + " (no *.json files); run `napkin bench");
        Files.writeString(results.resolve("a_batch-search.json"), RESULT.substring(0, 100));
        refused(Run.of("report", "--from", results.toString(), "--out", out.toString()),
                "napkin report: no usable batch-search result in " + results + ": skipped 1 file(s), first "
                        + "a_batch-search.json: skipped, not valid JSON");
        assertFalse(Files.exists(out), "no report folder for no result");
        refused(Run.of("report", "--from", results.toString(), "--out", out.toString(), "--gpu", "v100"),
                "napkin report: v100-sxm2 has no published dense bf16 rate; it has fp64, fp32, fp16; give a --dtype"
                        + " it has or another --gpu");
    }

    @Test // the results folder is not a report folder: refused before any file is read, so the error is one line
    void refusesToWriteIntoTheResults(@TempDir Path results) throws IOException {
        Files.writeString(results.resolve("a_batch-search.json"), RESULT.substring(0, 100));
        refused(Run.of("report", "--from", results.toString(), "--out", results.toString()),
                "napkin report: report folder " + results + " already holds files and no napkin report");
        assertEquals(List.of("a_batch-search.json"), names(results));
    }

    @Test
    void sweepWritesChartsTwoAndThree(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("sweep");
        Run run = Run.of("sweep", "--out", out.toString(), "--models", "gpt2-small,gpt2-xl", "--precisions", "bf16-mixed",
                "--gpu-counts", "8..64", "--mfu", "40%", "--price-per-gpu-hour", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("index.html", "memory.csv", "memory_bf16-mixed_adamw.png", "time.csv",
                "time_bf16-mixed.png"), names(out));
        assertTrue(run.out().startsWith("napkin sweep: 2 charts and 2 tables in " + out.toAbsolutePath()), run.out());
        List<String> time = Files.readAllLines(out.resolve("time.csv"));
        assertEquals(5, time.size(), "8, 16, 32, 64 GPUs at one MFU");
        // llama3-70b on 20 x 70.55B tokens by default
        assertTrue(time.get(1).startsWith("llama3-70b,"), time.get(1));
        assertTrue(time.get(1).contains(",8,0.4,"), time.get(1));
    }

    @Test // the page says which token budget the time chart used, in the words given
    void sweepNamesTheTokenBudgetGiven(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("sweep");
        Run run = Run.of("sweep", "--out", out.toString(), "--models", "gpt2-small", "--precisions", "bf16-mixed",
                "--gpu-counts", "8", "--mfu", "40%", "--tokens", "15.6T");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(out.resolve("index.html")).contains("Token budget: 15.6T tokens (--tokens 15.6T)."));
    }

    @Test // one line, exit 2, nothing written
    void sweepRefusesBadInput(@TempDir Path tmp) {
        Path out = tmp.resolve("s");
        refused(Run.of("sweep", "--out", out.toString(), "--models", "gpt2-small,gpt2-smal"),
                "napkin sweep: --models: unknown model 'gpt2-smal'; did you mean gpt2-small?");
        refused(Run.of("sweep", "--out", out.toString(), "--time-model", "llama4"), "--time-model: unknown model 'llama4'");
        refused(Run.of("sweep", "--out", out.toString(), "--models", "gpt2-small,gpt2-xl", "--batches", "1,2"),
                "give several --models or several --batches, not both");
        refused(Run.of("sweep", "--out", out.toString(), "--mfu", "0.4,,0.5"), "--mfu '0.4,,0.5' has an empty item");
        refused(Run.of("sweep", "--out", out.toString(), "--mfu", "1.5"), "--mfu '1.5' must be in (0, 1]");
        refused(Run.of("sweep", "--out", out.toString(), "--gpu-counts", "64..8"),
                "napkin sweep: --gpu-counts '64..8' is refused: range 64..8 must start at 1");
        refused(Run.of("sweep", "--out", out.toString(), "--precisions", "fp4"), "--precisions 'fp4' is not known; use fp32,");
        refused(Run.of("sweep", "--out", out.toString(), "--gpu", "v100", "--precisions", "bf16-mixed"),
                "napkin sweep: v100-sxm2 has no published dense bf16 rate; it has fp64, fp32, fp16; give"
                        + " --precisions it has or another --gpu");
        assertFalse(Files.exists(out));
    }

    @Test // a folder with the user's own files is refused and left as it was
    void neverWritesOverAFolderOfOtherFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("index.html"), "<html>mine</html>");
        refused(Run.of("sweep", "--out", dir.toString(), "--models", "gpt2-small"),
                "already holds files and no napkin report");
        assertEquals("<html>mine</html>", Files.readString(dir.resolve("index.html")));
        assertEquals(List.of("index.html"), names(dir));
    }

    @Test // the demo's folder holds all five charts; chart 1 is the CPU batch search the demo has just measured
    void demoWritesItsReportAndSaysWhere(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("demo");
        Run run = Run.of("demo", "--report-dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Report: 6 charts and 7 tables in " + dir.toAbsolutePath()), run.out());
        assertFalse(run.out().contains("not drawn"), run.out());
        assertTrue(names(dir).containsAll(List.of("index.html", "batch-search_l2-c64-nh4-v512_cpu_fp32_t128.png",
                "batch-search_probes.csv", "memory_bf16-mixed_adamw.png", "memory_fp32_adamw.png",
                "time_bf16-mixed.png", "roofline_gpt2-small_b8_t1024_h100-sxm_bf16.png", "published-mfu.png")));
        // JSON on stdout stays JSON: the folder is announced on stderr
        Run json = Run.of("demo", "--format", "json", "--report-dir", dir.toString());
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.json().has("published_runs"));
        assertTrue(json.err().contains("Report: 6 charts"), json.err());
        // and without a folder when asked
        Path none = tmp.resolve("none");
        Run quiet = Run.of("demo", "--no-report", "--report-dir", none.toString());
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertFalse(quiet.out().contains("Report:"), quiet.out());
        assertFalse(Files.exists(none));
    }
}
