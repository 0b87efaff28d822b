package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help a person reads and pastes from. */
class HelpTest {
    @ParameterizedTest // an example picocli wraps at 80 columns drops its tail when pasted from its first line
    @ValueSource(strings = {"estimate", "plan", "mfu", "memory", "fit", "profile", "bench", "gpus", "models", "dtypes",
        "demo", "report", "sweep"})
    void examplesFitEightyColumnsAndContinueWithBackslash(String command) {
        Run run = Run.of(command, "--help");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        int examples = 0;
        while (examples < lines.size() && !lines.get(examples).startsWith("Example")) {
            examples++;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.length() <= 80, command + " help line " + i + " is " + line.length() + " wide: " + line);
            if (i <= examples) {
                continue;
            }
            if (line.startsWith("      --")) {
                assertTrue(lines.get(i - 1).endsWith(" \\"), "continued without ' \\': " + lines.get(i - 1));
            }
            if (line.startsWith("  napkin ") || line.startsWith("      --")) {
                assertTrue(!line.contains(" ("), "a parenthesis pasted into a shell: " + line);
            }
        }
        assertTrue(examples < lines.size() && run.out().contains("  napkin " + command), run.out());
    }

    @Test // picocli wraps a description line past 80 columns and leaves the next one short: a ragged paragraph
    void descriptionLinesFitEightyColumns() {
        picocli.CommandLine napkin = new picocli.CommandLine(new Napkin());
        List<String> wide = new java.util.ArrayList<>();
        for (picocli.CommandLine cmd : napkin.getSubcommands().values()) {
            for (String line : cmd.getCommandSpec().usageMessage().description()) {
                if (line.length() > 80) {
                    wide.add(cmd.getCommandName() + " (" + line.length() + "): " + line);
                }
            }
        }
        assertEquals(List.of(), wide);
    }

    @Test // the command list shows each command's one-line header whole, not a description cut mid-sentence
    void commandListIsWholeSentences() {
        Run run = Run.of("--help");
        List<String> list = run.out().lines().dropWhile(l -> !l.equals("Commands:")).skip(1).toList();
        for (String line : list) {
            if (line.isBlank() || line.startsWith("Start with") || line.startsWith("Then") || line.startsWith("Every")) {
                break;
            }
            assertTrue(line.matches("  \\S+ +\\S.*[.]"), "not one whole line: '" + line + "'\n" + run.out());
        }
    }

    /** Every way to give a model, in the order estimate's help lists them. */
    private static final List<String> MODEL_OPTIONS = List.of("--params", "--active-params", "--model", "--online",
            "--config", "--layers", "--d-model", "--heads", "--vocab", "--context", "--ffn-hidden", "--kv-heads", "--mlp",
            "--tied-embeddings", "--untied-embeddings");

    /** The model options a command's --help lists, in its order. */
    private static List<String> modelOptionsInHelp(String command) {
        Run run = Run.of(command, "--help");
        assertEquals(0, run.exitCode(), run.err());
        return run.out().lines().map(String::strip).filter(l -> l.startsWith("--"))
                .map(l -> l.split("[ =]")[0]).filter(MODEL_OPTIONS::contains).toList();
    }

    @Test // the commands that take every way to give a model list them all
    void estimateListsEveryWayToGiveAModel() {
        for (String command : List.of("estimate", "memory", "fit", "plan", "mfu")) {
            assertEquals(MODEL_OPTIONS, modelOptionsInHelp(command), command);
        }
    }

    @Test // profile walks the model's ops and needs its shape: no bare count in its help, and refused as unknown
    void profileListsOnlyModelsWithAShape() {
        assertEquals(MODEL_OPTIONS.subList(2, MODEL_OPTIONS.size()), modelOptionsInHelp("profile"));
        for (String[] args : List.of(new String[] {"--params", "7B"}, new String[] {"--active-params", "1B"})) {
            Run run = Run.of("profile", args[0], args[1]);
            assertEquals(2, run.exitCode());
            assertEquals("napkin profile: profile does not take " + args[0] + "; estimate, plan, mfu, memory and "
                    + "fit do (see napkin profile --help)", run.err().strip());
        }
    }

    @Test // bench trains GPT-2-style models: its help lists no Llama variant, no bare count, no Llama preset
    void benchListsOnlyGpt2Models() {
        assertEquals(List.of("--model", "--online", "--config", "--layers", "--d-model", "--heads", "--vocab",
                "--context", "--ffn-hidden"), modelOptionsInHelp("bench"));
        String help = Run.of("bench", "--help").out().toLowerCase(java.util.Locale.ROOT);
        for (String word : List.of("swiglu", "llama", "mistral", "qwen", "mixtral", "--params", "--kv-heads")) {
            assertFalse(help.contains(word), word + " in bench --help");
        }
        for (String option : List.of("--params", "--active-params", "--kv-heads", "--mlp", "--tied-embeddings",
                "--untied-embeddings")) {
            Run run = Run.of("bench", "--layers", "2", "--d-model", "64", "--heads", "2", "--vocab", "100", option,
                    "2");
            assertEquals(2, run.exitCode(), option);
            assertTrue(run.err().startsWith("napkin bench: bench does not take " + option + "; "), run.err());
        }
    }

    @Test // what bench's help lists for a model, it takes: a GPT-2 config.json, and a shape with its own MLP width
    void benchTakesTheModelOptionsItLists(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"model_type": "gpt2", "n_layer": 2, "n_embd": 64, "n_head": 2, "vocab_size": 100,
                 "n_positions": 32}
                """);
        String[] run = {"--seq", "16", "--batch", "1", "--warmup", "0", "--steps", "1", "--threads", "1",
            "--peak-tflops", "1", "--out", dir.resolve("results").toString()};
        List<List<String>> models = List.of(List.of("--config", config.toString()),
                List.of("--layers", "2", "--d-model", "64", "--heads", "2", "--vocab", "100", "--context", "32",
                        "--ffn-hidden", "96"));
        for (List<String> model : models) {
            List<String> args = new java.util.ArrayList<>(List.of("bench"));
            args.addAll(model);
            args.addAll(List.of(run));
            Run bench = Run.of(args.toArray(String[]::new));
            assertEquals(0, bench.exitCode(), model + ": " + bench.err());
        }
    }
}
