package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.napkin.estimator.model.ModelShape;
import dev.napkin.harness.AdamWSettings;
import dev.napkin.harness.TrainConfig;
import dev.napkin.harness.cpu.CpuBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** napkin bench through the real command line, on a small explicit shape so that each run takes a second. */
class BenchCommandTest {
    private static final String[] SHAPE = {"--layers", "2", "--d-model", "64", "--heads", "4", "--vocab", "512",
        "--context", "128"};

    private static Run bench(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--backend", "cpu"));
        args.addAll(List.of(SHAPE));
        args.addAll(List.of("--seq", "64", "--warmup", "1", "--steps", "2", "--threads", "2", "--out", out.toString()));
        args.addAll(List.of(more));
        return Run.of(args.toArray(String[]::new));
    }

    // the keys the README lists first for bench's JSON, a real measurement, and the estimator's prediction within 5%
    @Test
    void fixedBatchJson(@TempDir Path out) throws IOException {
        // a 35 MB plan: the per-thread scratch the estimator leaves out (about 0.6 MiB a thread) is under 5% of it
        Run run = Run.of("bench", "--layers", "2", "--d-model", "128", "--heads", "4", "--vocab", "4096", "--context",
                "128", "--seq", "128", "--batch", "4", "--warmup", "1", "--steps", "2", "--threads", "2", "--out",
                out.toString(), "--peak-tflops", "0.5", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = run.json();
        for (String key : List.of("backend", "model", "seq", "peak_flops_per_s", "flops_per_token", "probes",
                "max_batch", "predicted_max_batch", "predicted_peak_bytes")) {
            assertTrue(json.has(key), key + " in " + json);
        }
        assertEquals("cpu", json.get("backend").asText());
        assertEquals(128, json.get("seq").asInt());
        assertEquals(0.5e12, json.get("peak_flops_per_s").asDouble());
        assertTrue(json.get("max_batch").isNull(), "a fixed batch searches nothing");
        JsonNode probe = json.get("probes").get(0);
        for (String key : List.of("batch", "fits", "tokens_per_s", "mfu", "peak_bytes")) {
            assertTrue(probe.has(key), key);
        }
        assertEquals(4, probe.get("batch").asInt());
        assertTrue(probe.get("fits").asBoolean());
        double tokensPerS = probe.get("tokens_per_s").asDouble();
        assertTrue(tokensPerS > 0);
        // MFU = tokens/s x FLOPs per token / peak
        assertEquals(tokensPerS * json.get("flops_per_token").asDouble() / 0.5e12, probe.get("mfu").asDouble(), 1e-12);
        double measured = probe.get("peak_bytes").asDouble();
        double predicted = json.get("predicted_peak_bytes").asDouble();
        assertTrue(Math.abs(predicted - measured) / measured < 0.05, predicted + " vs " + measured);
        // random tokens: the loss starts near ln V
        assertEquals(Math.log(4096), probe.get("loss_first").asDouble(), 0.1);
        assertTrue(run.err().contains("batch 4: fits"), run.err());
    }

    @Test // a run into a folder where another run holds the same name writes its own files and says which
    void aSecondRunIntoOneFolderDoesNotOverwriteTheFirst(@TempDir Path out) throws IOException {
        String name = "l2-c64-nh4-v512_cpu_fp32_t64_batch1";
        List<String> parts = List.of("l2-c64-nh4-v512", "cpu", "fp32", "t64", "batch1");
        try (ResultFiles first = ResultFiles.claim(out, parts, "--out",
                new java.io.PrintWriter(new java.io.StringWriter()))) {
            assertEquals(out.resolve(name + ".json").toString(), first.describe().getFirst());
            Run second = bench(out, "--batch", "1", "--peak-tflops", "0.5", "--seed", "7", "--format", "json");
            assertEquals(0, second.exitCode(), second.err());
            String own = "l2-c64-nh4-v512_cpu_fp32_t64_run2_batch1";
            assertTrue(second.err().contains("napkin bench: another run is writing " + out.resolve(name + ".json")
                    + "; this one writes " + out.resolve(own + ".json") + " and its .csv instead"), second.err());
            assertFalse(Files.exists(out.resolve(name + ".json")), "the first run's file is left alone");
            assertTrue(Files.exists(out.resolve(own + ".csv")));
            JsonNode written = Output.JSON.readTree(Files.readString(out.resolve(own + ".json")));
            assertEquals(List.of(out.resolve(own + ".json").toString(), out.resolve(own + ".csv").toString()),
                    List.of(written.get("files").get(0).asText(), written.get("files").get(1).asText()));
            // the seed of the run, in its results file and in what it printed
            assertEquals(7, written.get("seed").asLong());
            assertEquals(7, second.json().get("seed").asLong());
        }
    }

    @Test // the search finds exactly the batch the plan allows; the results file holds every probe
    void searchFindsTheLargestBatchAndWritesEveryProbe(@TempDir Path out) throws IOException {
        ModelShape shape = ModelShape.builder().layers(2).dModel(64).heads(4).ffnHidden(256).vocab(512).context(128)
                .mlp(dev.napkin.estimator.model.MlpKind.GELU).norm(dev.napkin.estimator.model.NormKind.LAYERNORM)
                .position(dev.napkin.estimator.model.PositionKind.LEARNED).biases(true).tiedEmbeddings(true).build();
        long limit = 24L << 20;
        TrainConfig probe = new TrainConfig("x", shape, 1, 64, 2, Long.MAX_VALUE, AdamWSettings.gpt2());
        int expected = 0;
        while (CpuBackend.plan(probe.withBatch(expected + 1)).totalBytes() <= limit) {
            expected++;
        }
        Run run = bench(out, "--find-max-batch", "--memory-limit", "24MiB", "--peak-tflops", "0.5", "--format",
                "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = run.json();
        assertEquals(expected, json.get("max_batch").asInt(), "the plan allows " + expected);
        assertTrue(Math.abs(json.get("predicted_max_batch").asInt() - expected) <= 1,
                "estimator " + json.get("predicted_max_batch") + ", measured " + expected);
        JsonNode probes = json.get("probes");
        assertEquals(1, probes.get(0).get("batch").asInt());
        assertTrue(probes.size() >= 3);
        // one progress line per probe, on stderr
        assertEquals(probes.size(), run.err().lines().filter(l -> l.matches("napkin bench: batch \\d+: .*")).count(),
                run.err());

        Path jsonFile = out.resolve("l2-c64-nh4-v512_cpu_fp32_t64_batch-search.json");
        Path csvFile = out.resolve("l2-c64-nh4-v512_cpu_fp32_t64_batch-search.csv");
        JsonNode written = Output.JSON.readTree(Files.readString(jsonFile));
        assertTrue(written.get("complete").asBoolean());
        assertEquals(probes, written.get("probes"));
        // where the limit came from, in the words given (a typed option once wrote its record's toString here)
        assertEquals("--memory-limit 24MiB", written.get("memory_limit_source").asText());
        assertEquals("--peak-tflops 0.5", written.get("peak_source").asText());
        List<String> csv = Files.readAllLines(csvFile);
        assertEquals(probes.size() + 1, csv.size(), "a header and one row per probe");
        assertTrue(csv.get(0).startsWith("batch,fits,tokens_per_s,mfu,peak_bytes,"), csv.get(0));
        try (var files = Files.list(out)) {
            // the JSON, the CSV and the empty lock file by which a run claims the name (ResultFiles, RunLock)
            assertEquals(List.of(".l2-c64-nh4-v512_cpu_fp32_t64_batch-search.lock", csvFile.getFileName().toString(),
                    jsonFile.getFileName().toString()), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary files left behind");
        }
    }

    @Test // the table, with the FMA microbenchmark measuring the peak
    void tableWithMeasuredPeak(@TempDir Path out) {
        Run run = bench(out, "--batch", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("FMA microbenchmark"), run.out());
        assertTrue(run.out().contains("tokens/s"), run.out());
        assertTrue(run.err().contains("measuring the CPU's FMA peak"), run.err());
    }

    @Test // no driver here: exit 3, and the way out
    void cudaIsUnavailable() {
        Run run = Run.of("bench", "--backend", "cuda", "--model", "gpt2-small", "--seq", "64");
        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("use --backend cpu"), run.err());
        assertFalse(run.err().contains("\tat "));
    }
}
