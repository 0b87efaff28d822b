package dev.napkin.cli;

import dev.napkin.harness.BackendUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The one place that turns failures into exit codes and one-line messages. */
final class Errors {
    private Errors() {
    }

    /** "napkin estimate: " for a subcommand, "napkin: " for the top level. */
    static String prefix(CommandLine cmd) {
        return cmd.getParent() == null ? "napkin: " : "napkin " + cmd.getCommandName() + ": ";
    }

    /**
     * Bad input found while running a command: {@link IllegalArgumentException} is the user's, a backend that cannot
     * run here is the machine's, anything else ours.
     */
    static final class OnExecution implements IExecutionExceptionHandler {
        private final boolean stacktrace;

        OnExecution(boolean stacktrace) {
            this.stacktrace = stacktrace;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parse) {
            PrintWriter err = cmd.getErr();
            if (stacktrace) {
                e.printStackTrace(err);
            }
            if (e instanceof IllegalArgumentException) {
                err.println(prefix(cmd) + e.getMessage());
                err.flush();
                return ExitCode.USAGE;
            }
            if (e instanceof BackendUnavailableException) {
                err.println(prefix(cmd) + e.getMessage());
                err.flush();
                return ExitCode.UNAVAILABLE;
            }
            // a bug of ours: its message, without Java's class names (--stacktrace has them all)
            err.println(prefix(cmd) + "internal error: "
                    + (e.getMessage() == null ? "no message" : e.getMessage().lines().findFirst().orElse(""))
                    + (stacktrace ? "" : " (rerun with --stacktrace and report it)"));
            err.flush();
            return ExitCode.INTERNAL;
        }
    }

    /** Unknown options, missing values, wrong types: one line and a pointer to --help. */
    static final class OnParameters implements IParameterExceptionHandler {
        private final boolean stacktrace;

        OnParameters(boolean stacktrace) {
            this.stacktrace = stacktrace;
        }

        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            if (stacktrace) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                err.print(trace);
            }
            String refusal = convertersRefusal(e);
            if (refusal != null) {
                // a bad value: the converter's words already say what is wrong and the fix
                err.println(prefix(cmd) + refusal);
                err.flush();
                return ExitCode.USAGE;
            }
            String message = e.getMessage().replace("\n", " ").strip();
            if (e instanceof CommandLine.MutuallyExclusiveArgsException
                    || e instanceof CommandLine.MaxValuesExceededException && message.contains("only one match")) {
                err.println(prefix(cmd) + notBoth(message));
                err.flush();
                return ExitCode.USAGE;
            }
            String suggestion = "";
            if (e instanceof CommandLine.UnmatchedArgumentException u) {
                String takers = otherCommandsTaking(u);
                if (!takers.isEmpty()) {
                    message = cmd.getCommandName() + " does not take " + optionName(u) + "; " + takers;
                } else if (!u.getSuggestions().isEmpty()) {
                    suggestion = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
                }
            }
            err.println(prefix(cmd) + message + suggestion + " (see napkin "
                    + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help)");
            err.flush();
            return ExitCode.USAGE;
        }

        /**
         * A converter's refusal ({@link BadValue}) with the option's name put in, or null for picocli's own errors
         * (unknown options, missing values).
         */
        private static String convertersRefusal(ParameterException e) {
            if (!(e.getCause() instanceof CommandLine.TypeConversionException t)) {
                return null;
            }
            String option = e.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? o.longestName()
                    : e.getArgSpec() != null ? e.getArgSpec().paramLabel() : "a value";
            return BadValue.named(t.getMessage(), option);
        }

        /**
         * "give --a or --b, not both" for picocli's "Error: --a=A, --b=B are mutually exclusive (specify only one)",
         * and "give --a once" for an option of a group given twice ("expected only one match but got
         * [--a=A | --b=B]={--a=1} and [--a=A | --b=B]={--a=2}"): picocli names the options only in its message.
         */
        static String notBoth(String message) {
            Matcher given = GIVEN.matcher(message);
            List<String> twice = new ArrayList<>();
            while (given.find()) {
                twice.add(given.group(1));
            }
            if (twice.size() == 2 && twice.get(0).equals(twice.get(1))) {
                return "give " + twice.get(0) + " once";
            }
            int end = message.indexOf(" are mutually exclusive");
            List<String> names = new ArrayList<>();
            Matcher m = OPTION_NAME.matcher(twice.size() == 2 ? String.join(" ", twice)
                    : end < 0 ? message : message.substring(0, end));
            while (m.find()) {
                if (!names.contains(m.group())) {
                    names.add(m.group());
                }
            }
            return names.size() < 2 ? message
                    : "give " + Lists.orList(names) + ", not " + (names.size() == 2 ? "both" : "several");
        }

        private static final Pattern OPTION_NAME = Pattern.compile("--[a-z0-9][a-z0-9-]*");
        /** The option matched in each of picocli's "{--a=1}" parts. */
        private static final Pattern GIVEN = Pattern.compile("\\{(--[a-z0-9][a-z0-9-]*)");

        /** The first unmatched argument's option name, without an {@code =value}. */
        private static String optionName(CommandLine.UnmatchedArgumentException u) {
            String first = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().getFirst();
            int equals = first.indexOf('=');
            return equals < 0 ? first : first.substring(0, equals);
        }

        /**
         * For an option this command lacks but others take (bench --params): "estimate, memory do", so that the
         * message says it is this command that does not take it, not that napkin has no such option; empty
         * otherwise.
         */
        private static String otherCommandsTaking(CommandLine.UnmatchedArgumentException u) {
            CommandLine cmd = u.getCommandLine();
            String name = optionName(u);
            if (cmd.getParent() == null || !name.startsWith("--")) {
                return "";
            }
            List<String> takers = new ArrayList<>();
            for (CommandLine sibling : new LinkedHashSet<>(cmd.getParent().getSubcommands().values())) {
                if (sibling != cmd && sibling.getCommandSpec().findOption(name) != null) {
                    takers.add(sibling.getCommandName());
                }
            }
            if (takers.isEmpty()) {
                return "";
            }
            return takers.size() == 1 ? takers.getFirst() + " does"
                    : String.join(", ", takers.subList(0, takers.size() - 1)) + " and " + takers.getLast() + " do";
        }
    }
}
