package dev.napkin.cli;

/** napkin's exit codes. */
final class ExitCode {
    static final int OK = 0;
    /** A bug or an unexpected failure; the message says to rerun with --stacktrace. */
    static final int INTERNAL = 1;
    /** A check that ran and failed ({@code bench --verify}); the same number as INTERNAL, as test runners use it. */
    static final int CHECK_FAILED = 1;
    /** Bad input: a value, a name, a file the user gave. */
    static final int USAGE = 2;
    /** What was asked for cannot run here: no CUDA driver for {@code --backend cuda}. */
    static final int UNAVAILABLE = 3;

    private ExitCode() {
    }
}
