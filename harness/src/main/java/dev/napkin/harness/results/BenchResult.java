package dev.napkin.harness.results;

import dev.napkin.estimator.model.ModelInfo;
import java.util.List;
import java.util.Objects;

/**
 * The results file of one {@code napkin bench} run, rewritten after every probe: what {@code napkin bench} writes
 * and {@code napkin report} reads ({@link BenchResultJson} is its one JSON form). The keys a batch search is read
 * by come first: backend, model, seq, peak_flops_per_s, flops_per_token, probes, max_batch, predicted_max_batch,
 * predicted_peak_bytes.
 *
 * @param model              the model trained, as every napkin report names it
 * @param seq                the sequence length T of every probe
 * @param peakFlopsPerS      the peak MFU divides by
 * @param flopsPerToken      model FLOPs per token of {@code flopsFormula}
 * @param probes             in the order they ran
 * @param maxBatch           the largest batch that fit (0: none did) once a search has finished; null for a fixed
 *                           batch, and while a search is still running
 * @param predictedMaxBatch  the estimator's largest batch within {@code memoryLimitBytes}
 * @param predictedPeakBytes the estimator's bytes for the reported batch (the fixed one, or the largest that fit)
 * @param precision          how the measured steps stored and multiplied: {@code fp32} on the CPU; {@code fp32},
 *                           {@code tf32} or {@code bf16-mixed} on a GPU
 * @param attention          the GPU trainer's attention path, {@code naive} or {@code fused}; null on the CPU
 * @param gemm               which GEMM ran on a GPU (the cuBLAS library file and version, or napkin's kernels); null
 *                           on the CPU
 * @param mode               {@code batch-search} or {@code batch} (one fixed batch)
 * @param seed               the seed of the weights' initialisation and of the random tokens ({@code --seed}),
 *                           so that a run can be repeated
 * @param measuredPeakBytes  the plan's total for the reported batch, null if it did not fit
 * @param memoryError        (predicted - measured) / measured for that batch
 * @param tokensPerS         tokens/s of that batch
 * @param mfu                MFU of that batch
 * @param files              the results files (this JSON and its CSV)
 * @param complete           false while the run is still going: a file left by Ctrl-C or a crash says false
 */
public record BenchResult(String backend, ModelInfo model, int seq, double peakFlopsPerS, double flopsPerToken,
                          List<ProbeResult> probes, Integer maxBatch, int predictedMaxBatch, Double predictedPeakBytes,
                          String device, int threads, String precision, String attention, String gemm,
                          String optimizer, String mode,
                          long memoryLimitBytes, String memoryLimitSource, int warmup, int steps, long seed,
                          String peakSource, String flopsFormula, String flopsFormulaSource, Double measuredPeakBytes, Double memoryError,
                          Double tokensPerS, Double mfu, List<String> files, boolean complete, List<String> notes) {
    /** {@link #mode} of a search for the largest batch. */
    public static final String BATCH_SEARCH = "batch-search";
    /** {@link #mode} of one fixed batch. */
    public static final String FIXED_BATCH = "batch";

    public BenchResult {
        required(backend, "backend");
        required(model, "model");
        required(device, "device");
        required(precision, "precision");
        required(optimizer, "optimizer");
        required(memoryLimitSource, "memory_limit_source");
        required(peakSource, "peak_source");
        required(flopsFormula, "flops_formula");
        required(flopsFormulaSource, "flops_formula_source");
        if (!BATCH_SEARCH.equals(mode) && !FIXED_BATCH.equals(mode)) {
            throw new IllegalArgumentException("mode '" + mode + "' is neither " + BATCH_SEARCH + " nor " + FIXED_BATCH);
        }
        if (seq < 1 || threads < 1 || steps < 1 || warmup < 0 || memoryLimitBytes < 1) {
            throw new IllegalArgumentException("seq " + seq + ", threads " + threads + ", steps " + steps + " and "
                    + "memory_limit_bytes " + memoryLimitBytes + " must be at least 1, warmup " + warmup + " at least 0");
        }
        if (!(peakFlopsPerS > 0) || !(flopsPerToken > 0) || Double.isInfinite(peakFlopsPerS)
                || Double.isInfinite(flopsPerToken)) {
            throw new IllegalArgumentException("peak_flops_per_s and flops_per_token must be positive, got "
                    + peakFlopsPerS + " and " + flopsPerToken);
        }
        if (maxBatch != null && maxBatch < 0) {
            throw new IllegalArgumentException("max_batch " + maxBatch + " must be at least 0");
        }
        if (complete && BATCH_SEARCH.equals(mode) && maxBatch == null) {
            throw new IllegalArgumentException("a finished batch search needs its max_batch");
        }
        probes = List.copyOf(noNulls(probes, "probes"));
        files = List.copyOf(noNulls(files, "files"));
        notes = List.copyOf(noNulls(notes, "notes"));
    }

    /** What does not change from probe to probe. */
    public record Header(String backend, String device, int threads, ModelInfo model, int seq, String mode,
                         long memoryLimitBytes, String memoryLimitSource, int warmup, int steps, long seed,
                         double peakFlopsPerS,
                         String peakSource, String flopsFormula, String flopsFormulaSource, double flopsPerToken,
                         List<String> files, String precision, String attention, String gemm) {
        /** A CPU run's header: fp32, no attention path or GEMM library to name. */
        public Header(String backend, String device, int threads, ModelInfo model, int seq, String mode,
                      long memoryLimitBytes, String memoryLimitSource, int warmup, int steps, long seed,
                      double peakFlopsPerS, String peakSource, String flopsFormula, String flopsFormulaSource,
                      double flopsPerToken, List<String> files) {
            this(backend, device, threads, model, seq, mode, memoryLimitBytes, memoryLimitSource, warmup, steps, seed,
                    peakFlopsPerS, peakSource, flopsFormula, flopsFormulaSource, flopsPerToken, files, "fp32", null,
                    null);
        }

        /** The same header for a GPU run: its precision, attention path and GEMM. */
        public Header on(String newPrecision, String newAttention, String newGemm) {
            return new Header(backend, device, threads, model, seq, mode, memoryLimitBytes, memoryLimitSource, warmup,
                    steps, seed, peakFlopsPerS, peakSource, flopsFormula, flopsFormulaSource, flopsPerToken, files,
                    newPrecision, newAttention, newGemm);
        }
    }

    /**
     * The run after {@code probes}: {@code maxBatch} is null while a search is running (and for a fixed batch), and
     * {@code complete} false until the last probe has finished.
     */
    public static BenchResult of(Header h, List<ProbeResult> probes, Integer maxBatch, int predictedMaxBatch,
                                 boolean complete, List<String> notes) {
        // the configuration the summary speaks for: the largest batch that fit, or the one fixed batch
        ProbeResult chosen = null;
        for (ProbeResult r : probes) {
            boolean better = maxBatch == null ? chosen == null : r.fits() && r.batch() == maxBatch;
            if (better) {
                chosen = r;
            }
        }
        return new BenchResult(h.backend(), h.model(), h.seq(), h.peakFlopsPerS(), h.flopsPerToken(),
                probes, maxBatch, predictedMaxBatch, chosen == null ? null : chosen.predictedPeakBytes(),
                h.device(), h.threads(), h.precision(), h.attention(), h.gemm(), "adamw", h.mode(), h.memoryLimitBytes(), h.memoryLimitSource(),
                h.warmup(), h.steps(), h.seed(), h.peakSource(), h.flopsFormula(), h.flopsFormulaSource(),
                chosen == null || !chosen.fits() ? null : (double) chosen.peakBytes(),
                chosen == null ? null : chosen.memoryError(), chosen == null ? null : chosen.tokensPerS(),
                chosen == null ? null : chosen.mfu(), h.files(), complete, notes);
    }

    /**
     * The run while it is still going, after {@code probesSoFar}: no answer yet, and {@code complete} false. Bench
     * rewrites its results file with this after every probe, so this is what Ctrl-C or a crash leaves behind.
     */
    public static BenchResult running(Header h, List<ProbeResult> probesSoFar, int predictedMaxBatch) {
        return of(h, probesSoFar, null, predictedMaxBatch, false, List.of());
    }

    /** The run's setup, as it was before the first probe. */
    public Header header() {
        return new Header(backend, device, threads, model, seq, mode, memoryLimitBytes, memoryLimitSource, warmup,
                steps, seed, peakFlopsPerS, peakSource, flopsFormula, flopsFormulaSource, flopsPerToken, files, precision,
                attention, gemm);
    }

    /** Whether this is a search for the largest batch (not one fixed batch). */
    public boolean batchSearch() {
        return BATCH_SEARCH.equals(mode);
    }

    private static <T> List<T> noNulls(List<T> list, String key) {
        if (required(list, key).stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("\"" + key + "\" has a null entry");
        }
        return list;
    }

    private static <T> T required(T value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("\"" + key + "\" is missing or null");
        }
        return value;
    }
}
