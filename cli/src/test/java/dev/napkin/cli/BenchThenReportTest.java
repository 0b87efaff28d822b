package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.BenchResultJson;
import dev.napkin.harness.results.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code napkin bench} writes, {@code napkin report} reads: both commands, one results folder. */
class BenchThenReportTest {
    private static final String RUN = "l2-c64-nh4-v512_cpu_fp32_t64";

    /** A batch search of a 2-layer, width-64 GPT-2 at sequence 64 within 24 MiB: a few probes, a second or two. */
    private static Run benchSearch(Path results) {
        return Run.of("bench", "--backend", "cpu", "--layers", "2", "--d-model", "64", "--heads", "4", "--vocab", "512",
                "--context", "128", "--seq", "64", "--warmup", "1", "--steps", "1", "--threads", "2",
                "--find-max-batch", "--memory-limit", "24MiB", "--peak-tflops", "0.5", "--format", "json",
                "--out", results.toString());
    }

    @Test
    void reportDrawsEveryProbeBenchMeasured(@TempDir Path results, @TempDir Path tmp) throws IOException {
        Run bench = benchSearch(results);
        assertEquals(0, bench.exitCode(), bench.err());
        JsonNode measured = bench.json();
        JsonNode probes = measured.get("probes");
        assertTrue(probes.size() >= 3, probes.toString());

        Path out = tmp.resolve("report");
        Run report = Run.of("report", "--from", results.toString(), "--out", out.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.out().contains("batch-search_" + RUN + ".png"), report.out());

        List<String> rows = Files.readAllLines(out.resolve("batch-search_probes.csv"));
        assertEquals("run,backend,model,seq,probe,batch,fits,tokens_per_s,mfu,peak_bytes", rows.getFirst());
        assertEquals(probes.size() + 1, rows.size(), "a header and one row per probe bench ran");
        for (int i = 0; i < probes.size(); i++) {
            JsonNode p = probes.get(i);
            String[] cells = rows.get(i + 1).split(",", -1);
            String where = "probe " + (i + 1) + ": " + rows.get(i + 1) + " against " + p;
            assertEquals(List.of(RUN, "cpu", "l2-c64-nh4-v512", "64", String.valueOf(i + 1)),
                    List.of(cells).subList(0, 5), where);
            assertEquals(p.get("batch").asInt(), Integer.parseInt(cells[5]), where);
            assertEquals(p.get("fits").asBoolean(), Boolean.parseBoolean(cells[6]), where);
            if (p.get("fits").asBoolean()) {
                assertEquals(p.get("tokens_per_s").asDouble(), Double.parseDouble(cells[7]), where);
                assertEquals(p.get("mfu").asDouble(), Double.parseDouble(cells[8]), where);
            } else {
                assertEquals(List.of("", ""), List.of(cells[7], cells[8]), where);
            }
            assertEquals(p.get("peak_bytes").asLong(), Long.parseLong(cells[9]), where);
        }

        List<String> runs = Files.readAllLines(out.resolve("batch-search_runs.csv"));
        assertEquals(2, runs.size(), runs.toString());
        String[] run = runs.get(1).split(",", -1);
        List<String> header = List.of(runs.getFirst().split(","));
        assertEquals(String.valueOf(probes.size()), run[header.indexOf("probes")]);
        assertEquals(measured.get("max_batch").asText(), run[header.indexOf("max_batch")]);
        assertEquals(measured.get("predicted_max_batch").asText(), run[header.indexOf("predicted_max_batch")]);
        assertEquals("true", run[header.indexOf("complete")]);

        // the roofline of a shape given by flags (no preset has it) comes from the shape the results file records
        List<String> steps = Files.readAllLines(out.resolve("roofline_steps.csv"));
        String maxBatch = measured.get("max_batch").asText();
        assertTrue(steps.stream().anyMatch(l -> l.startsWith(RUN + "_h100-sxm_bf16,predicted,h100-sxm,bf16," + maxBatch
                + ",64,")), steps.toString());
        assertTrue(steps.stream().anyMatch(l -> l.startsWith(RUN + "_h100-sxm_bf16,measured,cpu,fp32," + maxBatch
                + ",64,")), steps.toString());
    }

    @Test // Ctrl-C leaves the file bench wrote after its last finished probe, which says "complete": false
    void reportReadsASearchCutShortAndSaysItIsIncomplete(@TempDir Path results, @TempDir Path tmp)
            throws IOException {
        assertEquals(0, benchSearch(results).exitCode());
        String name = RUN + "_batch-search";
        BenchResult finished = BenchResultJson.read(results.resolve(name + ".json"));
        // what bench wrote, through the same record and files, when its second probe had finished
        List<ProbeResult> firstTwo = finished.probes().subList(0, 2);
        new ResultFiles(results, name).write(new BenchReport(BenchResult.running(finished.header(), firstTwo,
                finished.predictedMaxBatch())));
        assertTrue(Files.readString(results.resolve(name + ".json")).contains("\"complete\" : false"));

        Path out = tmp.resolve("report");
        Run report = Run.of("report", "--from", results.toString(), "--out", out.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertEquals(List.of("napkin report: warning: " + name + ".json: the search is incomplete (\"complete\": "
                + "false: stopped before it finished, by Ctrl-C or a crash?); drew its 2 probes without a "
                + "largest-batch line"), report.err().lines().toList());
        assertTrue(report.out().contains("1 warning about the input"), report.out());
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains(name + ".json: the search is incomplete"), page);
        assertTrue(page.contains("(incomplete: 2 probes)"), page);

        List<String> rows = Files.readAllLines(out.resolve("batch-search_probes.csv"));
        assertEquals(3, rows.size(), rows.toString());
        for (int i = 0; i < 2; i++) {
            String[] cells = rows.get(i + 1).split(",", -1);
            assertEquals(firstTwo.get(i).batch(), Integer.parseInt(cells[5]), rows.get(i + 1));
            assertEquals(firstTwo.get(i).peakBytes(), Long.parseLong(cells[9]), rows.get(i + 1));
        }
        List<String> runs = Files.readAllLines(out.resolve("batch-search_runs.csv"));
        List<String> header = List.of(runs.getFirst().split(","));
        String[] run = runs.get(1).split(",", -1);
        assertEquals("", run[header.indexOf("max_batch")], "no answer from a search cut short");
        assertEquals("false", run[header.indexOf("complete")]);
    }
}
