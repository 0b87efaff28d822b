package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example in a command's --help runs as printed (bench and demo measure for a while and are left out; report's
 * reads what bench wrote, which BenchThenReportTest runs).
 */
class HelpExamplesTest {
    @TempDir
    static Path dir;

    private static final List<String> COMMANDS = List.of("estimate", "plan", "mfu", "memory", "fit", "profile", "gpus",
            "models", "dtypes", "sweep");

    static Stream<Arguments> examples() {
        List<Arguments> all = new ArrayList<>();
        for (String command : COMMANDS) {
            List<String> lines = Run.of(command, "--help").out().lines().toList();
            StringBuilder example = null;
            for (String line : lines) {
                if (line.startsWith("  napkin ")) {
                    example = new StringBuilder(line.strip());
                } else if (example != null) {
                    example.append(' ').append(line.strip()); // the line before ended with ' \'
                }
                if (example != null && !example.toString().endsWith("\\")) {
                    all.add(Arguments.of(command, example.toString()));
                    example = null;
                } else if (example != null) {
                    example.setLength(example.length() - 1);
                }
            }
        }
        for (String command : COMMANDS) {
            assertTrue(all.stream().anyMatch(a -> a.get()[0].equals(command)), command + "'s help has no example");
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("examples")
    void runsAsPrinted(String command, String example) throws IOException {
        // what follows '#' is a comment; my-gpus.json stands for the reader's own file
        String line = example.contains("  #") ? example.substring(0, example.indexOf("  #")).strip() : example;
        List<String> words = new ArrayList<>(Arrays.asList(line.split(" +")));
        if (words.contains("my-gpus.json")) {
            Path mine = dir.resolve("my-gpus.json");
            Files.writeString(mine, BadInputTest.gpuFile("", ""));
            words.replaceAll(w -> w.equals("my-gpus.json") ? mine.toString() : w);
        }
        assertEquals("napkin", words.removeFirst());
        // an example's output folder goes under the test's own
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i - 1).equals("--out")) {
                words.set(i, dir.resolve(words.get(i)).toString());
            }
        }
        Run run = Run.of(words.toArray(String[]::new));
        assertEquals(0, run.exitCode(), example + "\n" + run.err());
        assertFalse(run.out().isBlank(), example);
    }
}
