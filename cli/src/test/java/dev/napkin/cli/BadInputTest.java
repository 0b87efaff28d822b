package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, every command: one line naming the value and the fix, exit code 2, nothing on stdout, no stack trace,
 * no Java names, and never Infinity or NaN. The rows are in {@code bad-inputs.txt} beside this class.
 */
class BadInputTest {
    @TempDir
    static Path dir;

    /** One valid GPU entry of napkin's schema, with {@code extra} spliced in before its closing brace. */
    static String gpuFile(String extra, String after) {
        return "{\"schema\": \"napkin-gpu-specs/1\", \"gpus\": [{\"id\": \"my-gpu\", \"name\": \"My GPU\", "
                + "\"aliases\": [], \"vendor\": \"Me\", \"form_factor\": \"PCIe\", \"memory_bytes\": 1000000000, "
                + "\"memory_bandwidth_bytes_per_sec\": 1e12, \"peak_fp64_flops_per_sec\": null, "
                + "\"peak_fp32_flops_per_sec\": 1e13, \"peak_tf32_flops_per_sec\": null, \"peak_fp16_flops_per_sec\": null, "
                + "\"peak_bf16_flops_per_sec\": 1e14, \"peak_fp8_flops_per_sec\": null, \"peak_int8_ops_per_sec\": null, "
                + "\"tdp_watts\": 300, \"intra_node_link\": \"none\", \"intra_node_link_bytes_per_sec\": null, "
                + "\"source\": \"https://example.com/datasheet.pdf\"" + extra + "}]}" + after;
    }

    private static final String GPT2_CONFIG = "{\"model_type\": \"gpt2\", \"n_layer\": 2, \"n_embd\": 64, \"n_head\": 2, "
            + "\"vocab_size\": 100, \"n_positions\": 128}";

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(dir.resolve("trail.json"), GPT2_CONFIG + " {\"n_layer\": 3}");
        Files.writeString(dir.resolve("big.json"), GPT2_CONFIG.replace("}", ", \"notes\": \"" + "x".repeat(2 << 20) + "\"}"));
        Files.writeString(dir.resolve("broken.json"), "{\"model_type\": ");
        Files.writeString(dir.resolve("strlayer.json"), GPT2_CONFIG.replace("\"n_layer\": 2", "\"n_layer\": \"two\""));
        Files.writeString(dir.resolve("deep.json"), GPT2_CONFIG.replace("\"n_layer\": 2", "\"n_layer\": 2000000000"));
        Files.writeString(dir.resolve("afile.txt"), "not a folder\n");
        Files.createDirectories(dir.resolve("emptydir"));
        Files.writeString(dir.resolve("gpuobj.json"), "{\"schema\": \"napkin-gpu-specs/1\", \"gpus\": {}}");
        Files.writeString(dir.resolve("gpumiss.json"), gpuFile("", "").replace("\"name\": \"My GPU\", ", ""));
        Files.writeString(dir.resolve("gpuunknown.json"), gpuFile(", \"speed\": 1", ""));
        Files.writeString(dir.resolve("gpustr.json"), gpuFile("", "").replace("1000000000", "\"1 GB\""));
        Files.writeString(dir.resolve("gputrail.json"), gpuFile("", " trailing"));
    }

    static Stream<Arguments> rows() throws IOException {
        List<String> lines;
        try (InputStream in = BadInputTest.class.getResourceAsStream("bad-inputs.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
        return lines.stream().map(line -> {
            String[] cells = line.split("\\s*\\|\\s*", 4);
            assertEquals(4, cells.length, "row needs exit | fragment | forbidden | args: " + line);
            return Arguments.of(Integer.parseInt(cells[0].strip()), cells[1].strip(), cells[2].strip(),
                    Named.of(cells[3].strip(), cells[3].strip()));
        });
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("rows")
    void oneLine(int exit, String fragment, String forbidden, String commandLine) {
        String d = dir.toString();
        String[] args = Arrays.stream(commandLine.split(" +"))
                .map(a -> a.equals("''") ? "" : a.replace("{dir}", d)).toArray(String[]::new);
        Run run = Run.of(args);
        String err = run.err();
        assertEquals(exit, run.exitCode(), run.out() + err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(err.contains(fragment.replace("{dir}", d)), err);
        if (!forbidden.isEmpty()) {
            assertFalse(err.contains(forbidden), "should not say '" + forbidden + "': " + err);
        }
        for (String leak : List.of("Exception", "java.", "dev.napkin", "\tat ", "Infinity", "NaN")) {
            assertFalse(err.replace("'NaN'", "").contains(leak), "leaks '" + leak + "': " + err);
        }
        assertTrue(run.out().isEmpty(), run.out());
    }

    @Test
    void malformedGpuFile() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"schema\": \"napkin-gpu-specs/1\", \"gpus\": [ {\"id\": ");
        Run run = Run.of("gpus", "--gpu-specs", file.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("napkin gpus: GPU spec file '" + file + "'"), run.err());
    }

    @Test
    void stacktraceOnRequest() {
        Run run = Run.of("estimate", "--params", "-5B", "--tokens", "15T", "--stacktrace");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("\tat "), run.err());
    }
}
