package dev.napkin.harness.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ModelPresets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The results file of napkin bench: written and read by one record, and a bad file refused in one line. */
class BenchResultJsonTest {
    private static final BenchResult.Header HEADER = new BenchResult.Header("cpu", "test cpu, 2 threads", 2,
            ModelInfo.of(ModelPresets.builtIn().find("gpt2-small").model()), 256, BenchResult.BATCH_SEARCH,
            4L << 30, "--memory-limit 4GiB", 1, 2, 42, 1.5e11, "--peak-tflops 0.15", "palm", "PaLM appendix B",
            7.75e8, List.of("results/x.json", "results/x.csv"));

    /** A probe that fit: B x 256 tokens in {@code seconds}. */
    private static ProbeResult fit(int batch, double seconds, long peakBytes) {
        double tokensPerS = batch * 256 / seconds;
        return new ProbeResult(batch, true, tokensPerS, tokensPerS * 7.75e8 / 1.5e11, peakBytes, peakBytes * 0.999,
                -0.001, seconds, tokensPerS * 7.75e8, 10.9f, 10.85f, null);
    }

    private static ProbeResult outOfMemory(int batch, long neededBytes) {
        return new ProbeResult(batch, false, null, null, neededBytes, neededBytes * 0.999, -0.001, null, null, null,
                null, "needs " + neededBytes + " bytes");
    }

    private static final List<ProbeResult> PROBES = List.of(fit(1, 1.8, 2_240_000_000L),
            fit(2, 3.3, 2_480_000_000L), outOfMemory(4, 5_000_000_000L), fit(3, 4.9, 2_720_000_000L));

    @Test // everything bench writes comes back equal, a finished search and one cut short alike
    void readsBackWhatItWrites() {
        BenchResult finished = BenchResult.of(HEADER, PROBES, 3, 3, true, List.of("a note"));
        assertEquals(finished, BenchResultJson.parse(BenchResultJson.write(finished)));
        BenchResult cutShort = BenchResult.of(HEADER, PROBES.subList(0, 2), null, 3, false, List.of());
        BenchResult read = BenchResultJson.parse(BenchResultJson.write(cutShort));
        assertEquals(cutShort, read);
        assertFalse(read.complete());
        assertNull(read.maxBatch());
        assertEquals(HEADER, read.header());
        assertEquals(42, read.seed(), "the run's --seed comes back");
    }

    @Test // the keys the README lists for bench's JSON, in its order, snake_case; bytes as whole numbers
    void writesTheDocumentedKeys() {
        String json = BenchResultJson.write(BenchResult.of(HEADER, PROBES, 3, 3, true, List.of()));
        List<String> keys = List.of("backend", "model", "seq", "peak_flops_per_s", "flops_per_token", "probes",
                "max_batch", "predicted_max_batch", "predicted_peak_bytes", "device", "threads", "precision", "attention",
                "gemm",
                "optimizer", "mode", "memory_limit_bytes", "memory_limit_source", "warmup", "steps", "seed", "peak_source",
                "flops_formula", "flops_formula_source", "measured_peak_bytes", "memory_error", "tokens_per_s", "mfu",
                "files", "complete", "notes");
        int at = -1;
        for (String key : keys) {
            int next = json.indexOf("\n  \"" + key + "\" : ");
            assertTrue(next > at, key + " after the key before it in " + json);
            at = next;
        }
        for (String key : List.of("batch", "fits", "tokens_per_s", "mfu", "peak_bytes", "predicted_peak_bytes",
                "memory_error", "step_seconds", "achieved_flops_per_s", "loss_first", "loss_last", "failure")) {
            assertTrue(json.contains("\n    \"" + key + "\" : "), key);
        }
        assertTrue(json.contains("\"measured_peak_bytes\" : 2720000000,"), json);
        assertTrue(json.contains("\"memory_limit_bytes\" : 4294967296,"), json);
        assertTrue(json.contains("\"seed\" : 42,"), json);
    }

    @Test // what a reader of the file needs to know about why it is not usable, in one line and without Java names
    void refusesABadFileInOneLine() {
        String good = BenchResultJson.write(BenchResult.of(HEADER, PROBES, 3, 3, true, List.of()));
        assertRefused("\"backend\" is missing", good.replace("\"backend\" : \"cpu\",", ""));
        // a file from before results files named their seed: the run cannot be repeated from it, so it is refused
        assertRefused("\"seed\" is missing", good.replace("\"seed\" : 42,", ""));
        assertRefused("\"model\" should be an object, not a string", good.replaceFirst("\"model\" : \\{",
                "\"model\" : \"gpt2-small\", \"old_model\" : {"));
        assertRefused("\"seq\" should be a whole number, not a string", good.replace("\"seq\" : 256",
                "\"seq\" : \"256\""));
        assertRefused("\"probes[0].fits\" should be true or false, not a whole number", good.replaceFirst(
                "\"fits\" : true", "\"fits\" : 1"));
        assertRefused("probes[0]: probe at batch 1 has tokens_per_s -1.0 (must be a finite number, at least 0)",
                good.replaceFirst("\"tokens_per_s\" : [0-9.]+", "\"tokens_per_s\" : -1"));
        assertRefused("a finished batch search needs its max_batch", good.replace("\"max_batch\" : 3",
                "\"max_batch\" : null"));
        assertRefused("no \"probes\" key, so not a napkin bench result", "{\"comment\": \"not a result\"}");
        assertRefused("empty or not a JSON object", "[1, 2]");
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> BenchResultJson.parse(good.substring(0, good.length() / 2)));
        assertTrue(cut.getMessage().startsWith("not valid JSON (cut off while being written?): "), cut.getMessage());
        assertEquals(1, cut.getMessage().lines().count());
    }

    @Test // a later napkin may write more; this one reads what it knows
    void ignoresKeysItDoesNotKnow() {
        BenchResult result = BenchResult.of(HEADER, PROBES, 3, 3, true, List.of());
        String more = BenchResultJson.write(result).replaceFirst("\\{", "{ \"host\" : { \"kernel\" : \"6.1\" },");
        assertEquals(result, BenchResultJson.parse(more));
    }

    private static void assertRefused(String message, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchResultJson.parse(json));
        assertEquals(message, e.getMessage());
    }
}
