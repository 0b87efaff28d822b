package dev.napkin.reports.harness;

import dev.napkin.harness.results.BenchResult;
import dev.napkin.harness.results.BenchResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the batch searches {@code napkin bench --find-max-batch --out DIR} leaves in a results folder, through
 * the harness's own reader ({@link BenchResultJson}). A file that cannot be used (not JSON, cut off mid-write, not
 * a bench result, one fixed batch) is skipped with a warning that names it; a search cut short (its file says
 * {@code "complete": false}) is kept with a warning. A folder with no usable run is an error: no chart is drawn
 * from nothing.
 */
public final class HarnessResults {
    private static final String SUFFIX = ".json";
    /** bench names its files {@code <model>_<backend>_<dtype>_t<seq>_batch-search.json}. */
    private static final String RUN_SUFFIX = "_batch-search";
    private static final String RERUN = "run `napkin bench --backend cpu --model gpt2-small --seq 256 --find-max-batch"
            + " --memory-limit 4GiB --out DIR` first";

    private HarnessResults() {
    }

    /** The usable runs of a folder, and one warning per file skipped or run kept incomplete. */
    public record Loaded(List<BatchSearchRun> runs, List<String> warnings) {
        public Loaded {
            runs = List.copyOf(runs);
            warnings = List.copyOf(warnings);
        }
    }

    /** Reads every {@code *.json} directly in {@code dir}, in name order. */
    public static Loaded read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--from " + dir + " is not a folder; give the folder napkin bench --out wrote");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list --from " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no harness results in " + dir + " (no *.json files); " + RERUN);
        }
        List<BatchSearchRun> runs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path file : files) {
            try {
                BatchSearchRun run = parse(file);
                runs.add(run);
                if (!run.complete()) {
                    warnings.add(file.getFileName() + ": the search is incomplete (\"complete\": false: stopped "
                            + "before it finished, by Ctrl-C or a crash?); drew its " + run.probes().size()
                            + " probes without a largest-batch line");
                }
            } catch (IllegalArgumentException e) {
                warnings.add(file.getFileName() + ": skipped, " + e.getMessage());
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no usable batch-search result in " + dir + ": skipped " + files.size()
                    + " file(s), first " + warnings.getFirst() + "; " + RERUN);
        }
        return new Loaded(runs, warnings);
    }

    /** One file as a run; a one-line {@link IllegalArgumentException} says why it is not usable. */
    static BatchSearchRun parse(Path file) {
        BenchResult result = BenchResultJson.read(file);
        String name = file.getFileName().toString();
        // the name goes into output file names (which say batch-search already): safe characters, no repeat
        name = name.substring(0, name.length() - SUFFIX.length()).replaceAll("[^A-Za-z0-9._+-]", "-");
        if (name.endsWith(RUN_SUFFIX) && name.length() > RUN_SUFFIX.length()) {
            name = name.substring(0, name.length() - RUN_SUFFIX.length());
        }
        return new BatchSearchRun(name, "file " + file.getFileName(), result);
    }
}
