package dev.napkin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option that takes a value other than a name or a path, in every command, refuses a value that cannot be meant
 * in the same words: "napkin CMD: --flag 'value' ...", one line, exit 2, before any work.
 */
class OptionValuesTest {
    /**
     * Not names looked up in a table (GPUs, clusters, models: refused later, with a did-you-mean), paths or
     * switches.
     */
    private static boolean typed(OptionSpec o) {
        Class<?> type = o.type();
        boolean names = o.converters().length > 0 && o.converters()[0] instanceof Converters.Names;
        return o.arity().max() > 0 && !names && type != String.class && type != Path.class && type != boolean.class
                && type != Boolean.class;
    }

    static Stream<Arguments> typedOptions() {
        List<Arguments> all = new ArrayList<>();
        CommandLine napkin = new CommandLine(new Napkin());
        for (CommandLine cmd : new LinkedHashSet<>(napkin.getSubcommands().values())) {
            for (OptionSpec o : cmd.getCommandSpec().options()) {
                if (typed(o)) {
                    all.add(Arguments.of(cmd.getCommandName(), o.longestName()));
                }
            }
        }
        return all.stream();
    }

    @Test
    void mostOptionsAreTyped() {
        // the hardening issue counted 42 of 88 options as strings parsed by hand; names and paths are all that is left
        long typed = typedOptions().count();
        assertTrue(typed >= 150, "typed options (name, flag pairs) across commands: " + typed);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typedOptions")
    void refusesNonsenseInOneConsistentLine(String command, String flag) {
        Run run = Run.of(command, flag, "nonsense?");
        assertEquals(2, run.exitCode(), run.err());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("napkin " + command + ": " + flag + " 'nonsense?' "), err);
        assertFalse(err.contains("Invalid value") || err.contains("java.") || err.contains("\u0001"), err);
        assertTrue(run.out().isEmpty(), run.out());
    }

    @Test
    void choicesListWhatTheyAcceptAndAcceptWhatTheyList() throws Exception {
        for (Class<?> c : Choices.class.getDeclaredClasses()) {
            if (!Choice.class.isAssignableFrom(c)) {
                continue;
            }
            var constructor = c.getDeclaredConstructor();
            Choice<?> choice = (Choice<?>) constructor.newInstance();
            assertFalse(choice.names().isEmpty(), c.getSimpleName());
            for (String name : choice) {
                ITypeConverter<?> converter = choice;
                assertTrue(converter.convert(" " + name.toUpperCase(java.util.Locale.ROOT) + " ") != null, name);
            }
        }
    }

    @Test
    void helpShowsTheChoicesAccepted() {
        // help text wraps at 80 columns: compare with the line breaks and indents folded into spaces
        String help = Run.of("estimate", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("6pt, palm, causal, chinchilla, chinchilla-a4, megatron"), help);
        assertTrue(help.contains("fp32, bf16, fp16-mixed, bf16-mixed, bf16-fp32-state, fp8-mixed"), help);
        String mfu = Run.of("mfu", "--help").out().replaceAll("\\s+", " ");
        assertTrue(mfu.contains("chinchilla-a4"), "mfu --flops once listed only four conventions: " + mfu);
    }

    @Test // the FLOPs conventions' enum names, which results files and older scripts may use, are still taken
    void formulaSpellingsOfTheEnumAreAccepted() {
        Run byId = Run.of("estimate", "--model", "gpt2-small", "--tokens", "1T", "--flops", "chinchilla-a4", "--format",
                "json");
        assertEquals(0, byId.exitCode(), byId.err());
        for (String spelling : new String[] {"chinchilla_a4", "CHINCHILLA_A4"}) {
            Run run = Run.of("estimate", "--model", "gpt2-small", "--tokens", "1T", "--flops", spelling, "--format",
                    "json");
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(byId.json().get("formula"), run.json().get("formula"), spelling);
        }
        assertFalse(Run.of("estimate", "--help").out().contains("six_pt"), "aliases are taken, not listed");
    }
}
