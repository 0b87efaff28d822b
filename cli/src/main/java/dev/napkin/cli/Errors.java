package dev.napkin.cli;

import dev.napkin.harness.BackendUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
            String message = e.getMessage().replace("\n", " ").strip();
            String suggestion = "";
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                suggestion = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            }
            err.println(prefix(cmd) + message + suggestion + " (see napkin "
                    + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help)");
            err.flush();
            return ExitCode.USAGE;
        }
    }
}
