package dev.napkin.reports;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.BenchResultJson;
import dev.napkin.harness.results.ProbeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/** Test inputs: harness result folders as napkin bench writes them, and a fixed report context. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A fixed context, so pages do not depend on the clock or the machine. */
    public static final ReportContext CONTEXT = new ReportContext("napkin test --out r",
            ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), "0.1.0-test", "test machine, 2 cores");

    /**
     * A harness results folder, written into {@code into} by napkin bench's own writer ({@link BenchResultJson}):
     * {@code complete} holds GPT-2 small on cpu at seq 256, eight probes, 13 the largest that fit and 14 predicted;
     * {@code mixed} a search cut short after three probes (seq 128), a file cut off mid-write (seq 512) and a JSON
     * that is no bench result.
     */
    public static Path harness(String name, Path into) {
        switch (name) {
            case "complete" -> write(into.resolve("gpt2-small_cpu_fp32_t256_batch-search.json"), completeSearch());
            case "mixed" -> {
                List<ProbeResult> first = completeSearch().probes().subList(0, 3);
                write(into.resolve("gpt2-small_cpu_fp32_t128_batch-search.json"),
                        BenchResult.of(header(GPT2_SMALL, 128), first, null, 5, false, List.of()));
                String whole = BenchResultJson.write(BenchResult.of(header(GPT2_SMALL, 512), first, 2, 2, true,
                        List.of()));
                writeText(into.resolve("gpt2-small_cpu_fp32_t512_batch-search.json"),
                        whole.substring(0, whole.length() / 2));
                writeText(into.resolve("notes.json"), "{\"comment\": \"not a batch search\"}");
            }
            default -> throw new IllegalArgumentException("no harness fixture " + name);
        }
        return into;
    }

    /** The {@code complete} folder's search. */
    public static BenchResult completeSearch() {
        List<ProbeResult> probes = List.of(fit(1, 30.0, 0.149328, 1_400_000_000L, 1.39e9),
                fit(2, 41.0, 0.204081, 1_750_000_000L, 1.74e9), fit(4, 48.0, 0.238924, 2_450_000_000L, 2.44e9),
                fit(8, 52.0, 0.258835, 3_850_000_000L, 3.8e9), outOfMemory(16, 6_650_000_000L),
                fit(12, 53.5, 0.266301, 4_150_000_000L, 4.1e9), outOfMemory(14, 4_450_000_000L),
                fit(13, 53.0, 0.263812, 4_280_000_000L, 4.2e9));
        return BenchResult.of(header(GPT2_SMALL, 256), probes, 13, 14, true, List.of());
    }

    /** GPT-2 small as bench names it. */
    public static final ModelInfo GPT2_SMALL = ModelInfo.of(ModelPresets.builtIn().find("gpt2-small").model());

    /** A batch search's setup: on cpu, 4 GiB, against a peak of 150 GFLOP/s and 746,638,848 FLOPs per token. */
    public static BenchResult.Header header(ModelInfo model, int seq) {
        return new BenchResult.Header("cpu", "test cpu, 2 threads", 2, model, seq, BenchResult.BATCH_SEARCH, 4L << 30,
                "--memory-limit 4GiB", 1, 2, 1, 1.5e11, "--peak-tflops 0.15", "palm", "PaLM appendix B", 746_638_848,
                List.of());
    }

    /** A probe that fit; {@code predicted} is the estimator's bytes for it. */
    public static ProbeResult fit(int batch, double tokensPerS, double mfu, long peakBytes, double predicted) {
        return new ProbeResult(batch, true, tokensPerS, mfu, peakBytes, predicted, (predicted - peakBytes) / peakBytes,
                batch * 256 / tokensPerS, tokensPerS * 746_638_848, 10.9f, 10.8f, null);
    }

    /** A probe refused for memory: it would have needed {@code neededBytes}. */
    public static ProbeResult outOfMemory(int batch, long neededBytes) {
        return new ProbeResult(batch, false, null, null, neededBytes, neededBytes, 0, null, null, null, null,
                "out of memory: needs " + neededBytes + " bytes");
    }

    private static void write(Path file, BenchResult result) {
        writeText(file, BenchResultJson.write(result) + "\n");
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Line ends normalised, so CSV and HTML compare the same on every system. */
    public static String text(Path file) {
        try {
            return Files.readString(file).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
