package dev.napkin.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A bench run's results as {@code DIR/NAME.json} (its {@link dev.napkin.harness.results.BenchResult}, which
 * {@code napkin report} reads) and {@code DIR/NAME.csv} (one row per probe), each rewritten whole after every
 * probe: written to a temporary file in the same directory, then renamed over the old one, so an interrupted run
 * (Ctrl-C, a crash) leaves the last complete version, never a half-written file.
 */
final class ResultFiles {
    private final Path json;
    private final Path csv;

    ResultFiles(Path dir, String name) {
        this.json = dir.resolve(name + ".json");
        this.csv = dir.resolve(name + ".csv");
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
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the results directory " + json.getParent() + ": "
                    + e.getMessage() + "; give another with --out DIR");
        }
        replace(json, report.json() + "\n");
        replace(csv, Output.csv(report));
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
