package dev.napkin.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "napkin", mixinStandardHelpOptions = true, versionProvider = Napkin.Version.class,
        description = {"Napkin math for training large language models: FLOPs, memory, time and cost,",
                "checked against published runs."},
        subcommands = {EstimateCommand.class, PlanCommand.class, MfuCommand.class, MemoryCommand.class, FitCommand.class, ProfileCommand.class,
                BenchCommand.class, GpusCommand.class, ModelsCommand.class, DtypesCommand.class, DemoCommand.class,
                ReportCommand.class, SweepCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Start with:  napkin demo",
                "Then e.g.:   napkin estimate --params 70B --tokens 15T --gpus 1024 --gpu h100-sxm --mfu 0.5",
                "Every command takes --help (with a worked example) and --format table|json|csv."})
public final class Napkin implements Runnable {
    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On an error, print the full stack trace instead of one line.")
    boolean stacktrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs napkin with the given streams; returns the exit code (0 ok, 1 internal error, 2 bad input, 3 a backend
     * that cannot run here).
     */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean stacktrace = Arrays.asList(args).contains("--stacktrace");
        CommandLine cli = new CommandLine(new Napkin());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new Errors.OnExecution(stacktrace));
        cli.setParameterExceptionHandler(new Errors.OnParameters(stacktrace));
        // picocli's own words for a bad number name Java types ("'abc' is not an int"); these say it as napkin does
        cli.registerConverter(Integer.class, text -> wholeNumber(text, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
        cli.registerConverter(Integer.TYPE, text -> wholeNumber(text, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
        cli.registerConverter(Long.class, text -> wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(Long.TYPE, text -> wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE));
        return cli.execute(args);
    }

    private static Long wholeNumber(String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(BadValue.of(text, "is not a whole number"));
        }
        if (value < min || value > max) {
            // beyond Java's int: far past any bound the option itself checks (which names that bound)
            throw new CommandLine.TypeConversionException(BadValue.of(text, value > max ? "is too large to be meant"
                    : "is too far below zero to be meant"));
        }
        return value;
    }

    /** The version from the jar's manifest (Maven fills it in). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Napkin.class.getPackage().getImplementationVersion();
            return new String[] {"napkin " + (v == null ? "(development build)" : v),
                    "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
