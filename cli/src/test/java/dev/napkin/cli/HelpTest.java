package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Help a person reads and pastes from. */
class HelpTest {
    @ParameterizedTest // an example picocli wraps at 80 columns drops its tail when pasted from its first line
    @ValueSource(strings = {"estimate", "memory", "fit", "profile", "bench", "gpus", "models", "dtypes", "demo", "report",
            "sweep"})
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
}
