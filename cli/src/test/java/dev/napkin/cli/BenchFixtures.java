package dev.napkin.cli;

import dev.napkin.estimator.model.ModelInfo;
import dev.napkin.estimator.model.ModelPresets;
import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.ProbeResult;
import java.util.List;

/** A batch search as the CLI tests write it into results folders: its setup and its first two probes. */
final class BenchFixtures {
    private BenchFixtures() {
    }

    /** GPT-2 small on cpu, seq 128, 4 GiB, a peak of 150 GFLOP/s, PaLM's 746,638,848 FLOPs per token. */
    static final BenchResult.Header HEADER = new BenchResult.Header("cpu", "test cpu, 2 threads", 2,
            ModelInfo.of(ModelPresets.builtIn().find("gpt2-small").model()), 128, BenchResult.BATCH_SEARCH, 4L << 30,
            "--memory-limit 4GiB", 1, 2, 1, 1.5e11, "--peak-tflops 0.15", "palm", "PaLM appendix B", 746_638_848,
            List.of());
    /** Batch 2 fits at 40 tokens/s. */
    static final ProbeResult FITS_2 = new ProbeResult(2, true, 40.0, 0.2, 2_000_000_000L, 1.99e9, -0.005, 6.4,
            40.0 * 746_638_848, 10.9f, 10.8f, null);
    /** Batch 8 runs out of memory. */
    static final ProbeResult OOM_8 = new ProbeResult(8, false, null, null, 5_000_000_000L, 4.99e9, -0.002, null, null,
            null, null, "out of memory");
}
