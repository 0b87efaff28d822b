package dev.napkin.reports.harness;

import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.ProbeResult;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A batch search to draw: a {@code napkin bench --find-max-batch} result, and where it came from.
 *
 * @param name   names the run in file names and titles, e.g. {@code gpt2-small_cpu_fp32_t256}
 * @param source where the run came from (a file, or the command that measured it)
 * @param result what bench measured, as its results file holds it
 */
public record BatchSearchRun(String name, String source, BenchResult result) {
    public BatchSearchRun {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._+-]+")) {
            throw new IllegalArgumentException("run name '" + name + "' must be letters, digits, '.', '_', '+' or '-'"
                    + " (it becomes part of file names)");
        }
        if (source == null || result == null) {
            throw new IllegalArgumentException("run " + name + " needs a source and a result");
        }
        if (!result.batchSearch()) {
            throw new IllegalArgumentException("a run of one fixed batch (mode " + result.mode() + "), not a batch "
                    + "search; measure one with napkin bench --find-max-batch");
        }
        if (result.probes().isEmpty()) {
            throw new IllegalArgumentException("the run has no probes: it stopped before its first probe finished");
        }
    }

    /** A finished search says which batch fit; one cut short (Ctrl-C, a crash) does not. */
    public boolean complete() {
        return result.complete();
    }

    /** The model id. */
    public String model() {
        return result.model().id();
    }

    /** In the order they ran. */
    public List<ProbeResult> probes() {
        return result.probes();
    }

    /** Probes by batch size, for lines drawn left to right (a search bisects, so it runs them out of order). */
    public List<ProbeResult> probesByBatch() {
        return probes().stream().sorted(Comparator.comparingInt(ProbeResult::batch)).toList();
    }

    /** The probe with the largest batch that fit, if any did. */
    public Optional<ProbeResult> largestFitting() {
        return probes().stream().filter(ProbeResult::fits).max(Comparator.comparingInt(ProbeResult::batch));
    }

    /** The search's answer, the largest batch that fit; empty while it had not finished. */
    public OptionalInt maxBatch() {
        return complete() && result.maxBatch() != null ? OptionalInt.of(result.maxBatch()) : OptionalInt.empty();
    }
}
