package dev.napkin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A bench run's results as {@code DIR/NAME.json} (its {@link dev.napkin.harness.results.BenchResult}, which
 * {@code napkin report} reads) and {@code DIR/NAME.csv} (one row per probe), each rewritten whole after every
 * probe: written to a temporary file in the same directory, then renamed over the old one, so an interrupted run
 * (Ctrl-C, a crash) leaves the last complete version, never a half-written file.
 *
 * <p>Two runs into one folder with the same file name would overwrite each other's files, each naming them as its
 * results. So a run {@link #claim}s its name: it holds a {@link RunLock} on {@code DIR/.NAME.lock} while it writes,
 * and a second run that finds the name held takes the next free {@code NAME} with {@code run2}, {@code run3}...
 * before its last part, and says so.
 */
final class ResultFiles implements AutoCloseable {
    /** Names tried before giving up: as many runs at once into one folder as anyone would start by hand. */
    static final int MAX_RUNS = 100;

    private final Path json;
    private final Path csv;
    /** The claim on the name; null for files written without one. */
    private final RunLock lock;
    /** Prints {@link #interrupted} if the JVM shuts down (Ctrl-C) before {@link #close}; null without a claim. */
    private final Thread onInterrupt;
    /** Whether the files have been written, and with how many probes: read by the shutdown hook's thread. */
    private volatile boolean written;
    private volatile int probesSaved;

    /** Files of {@code name} in {@code dir}, written without a claim on the name. */
    ResultFiles(Path dir, String name) {
        this(dir, name, null, null);
    }

    private ResultFiles(Path dir, String name, RunLock lock, PrintWriter err) {
        this.json = dir.resolve(name + ".json");
        this.csv = dir.resolve(name + ".csv");
        this.lock = lock;
        if (err == null) {
            this.onInterrupt = null;
        } else {
            // Ctrl-C: the JVM runs its shutdown hooks, then exits with 130 (128 + SIGINT), as a shell expects
            this.onInterrupt = new Thread(() -> {
                err.println(interrupted());
                err.flush();
            }, "napkin-bench-interrupted");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
        }
    }

    /**
     * The files of a run named by {@code parts} joined with '_', claimed for this run: if another run (another
     * process, or this one) holds that name, the next free one with {@code run2}, {@code run3}... before the last
     * part, which keeps the name's last part ({@code batch-search}, {@code gemm}) where {@code napkin report} looks
     * for it; a line on {@code err} says which. Creates the folder. Until it is closed, a Ctrl-C prints
     * {@link #interrupted()} on {@code err}. Close to release the claim.
     */
    static ResultFiles claim(Path dir, List<String> parts, String flag, PrintWriter err) {
        try {
            Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the results folder " + dir + " (" + e.getMessage()
                    + "); give another with " + flag + " DIR");
        }
        String first = String.join("_", parts);
        for (int run = 1; run <= MAX_RUNS; run++) {
            String name = name(parts, run);
            RunLock lock = RunLock.tryTake(dir.resolve("." + name + ".lock"), flag);
            if (lock != null) {
                ResultFiles files = new ResultFiles(dir, name, lock, err);
                if (run > 1) {
                    err.println("napkin bench: another run is writing " + dir.resolve(first + ".json") + "; this one "
                            + "writes " + files.json + " and its .csv instead");
                    err.flush();
                }
                return files;
            }
        }
        throw new IllegalArgumentException(MAX_RUNS + " runs are writing " + first + " and its variants into " + dir
                + " already; give another folder with " + flag + " DIR");
    }

    /** The name of the {@code run}-th run at once: {@code run2} before the last part from the second on. */
    static String name(List<String> parts, int run) {
        if (run == 1) {
            return String.join("_", parts);
        }
        List<String> named = new ArrayList<>(parts);
        named.add(parts.size() - 1, "run" + run);
        return String.join("_", named);
    }

    /**
     * The one line bench prints when it is stopped (Ctrl-C) while it runs: what was saved, and where. A batch
     * search's files hold the probes that finished before it, with {@code "complete": false}.
     */
    String interrupted() {
        if (!written) {
            return "napkin bench: interrupted before the first result; this run saved nothing (it would have "
                    + "written " + json + ")";
        }
        int probes = probesSaved;
        if (probes == 0) {
            return "napkin bench: interrupted; the results are saved in " + json + " and " + csv;
        }
        return "napkin bench: interrupted; the " + probes + (probes == 1 ? " probe that finished is" : " probes that "
                + "finished are") + " saved in " + json + " and " + csv + " (\"complete\": false)";
    }

    /** The run has ended: no line on Ctrl-C from now on, and the claim on the name given up. */
    @Override
    public void close() {
        if (onInterrupt != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down: the hook runs, and its line is true
            }
        }
        if (lock != null) {
            lock.release();
        }
    }

    /**
     * Refuses a results folder that cannot be written, before any measuring: a file where the folder should be,
     * or a folder this process may not write into.
     */
    static void checkFolder(Path dir, String flag) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(flag + " " + dir + " is a file, not a folder; give a folder for the "
                    + "results, e.g. " + flag + " results");
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && (!Files.isDirectory(existing) || !Files.isWritable(existing))) {
            throw new IllegalArgumentException(flag + " " + dir + " cannot be written here (" + existing
                    + (Files.isDirectory(existing) ? " is not writable" : " is a file") + "); give another folder");
        }
    }

    List<String> describe() {
        return List.of(json.toString(), csv.toString());
    }

    void write(Report report) {
        write(report, 0);
    }

    /** {@link #write(Report)} of a run with {@code probes} probes finished. */
    void write(Report report, int probes) {
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the results directory " + json.getParent() + ": "
                    + e.getMessage() + "; give another with --out DIR");
        }
        replace(json, report.json() + "\n");
        replace(csv, Output.csv(report));
        probesSaved = probes;
        written = true;
    }

    /** Writes {@code content} to {@code target} through a temporary sibling and a rename. */
    static void replace(Path target, String content) {
        try {
            // a hidden sibling named after this process: the rename stays within one directory (one file system)
            Path tmp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + "."
                    + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
