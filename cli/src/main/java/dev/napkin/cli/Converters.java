package dev.napkin.cli;

import dev.napkin.estimator.memory.Precision;
import dev.napkin.estimator.units.Quantities;
import java.util.List;
import picocli.CommandLine.ITypeConverter;

/**
 * The quantities options take, each converted and range-checked when picocli parses the command line, so that a
 * wrong value is refused before any work starts and in the same words for every option ({@link BadValue}).
 */
final class Converters {
    private Converters() {
    }

    /*
     * The converters are classes that override a method rather than lambdas handed to a constructor: picocli makes
     * every command's converters for any command line, and each lambda costs the JVM a class spun at start-up.
     */

    /** A converter from one of the parsers that word their refusals "WHAT 'text' ..." ({@link BadValue#parse}). */
    private abstract static class Parsing<T> implements ITypeConverter<T> {
        abstract T parse(String text, String what);

        @Override
        public final T convert(String text) {
            return BadValue.parse(text, this::parse);
        }
    }

    /** {@link Parsing} a number that keeps the words it was given in ({@link Given}). */
    private abstract static class Giving implements ITypeConverter<Given> {
        abstract double parse(String text, String what);

        @Override
        public final Given convert(String text) {
            return new Given(BadValue.parse(text, this::parse), text.strip());
        }
    }

    /** A count with an SI suffix (15T, 300e9), up to 1e18 tokens: a thousand times the largest published run. */
    static final class Tokens extends Parsing<Double> {
        @Override
        Double parse(String t, String what) {
            return tokens(t, what);
        }
    }

    /** {@link Tokens} and the words given, for output that says what budget it used. */
    static final class GivenTokens extends Giving {
        @Override
        double parse(String t, String what) {
            return tokens(t, what);
        }
    }

    private static double tokens(String t, String what) {
        return Quantities.atMost(Quantities.count(t, what), 1e18, t, what,
                "1e18 tokens (a thousand times the largest published run)");
    }

    /** A parameter count (70B, 1.5T), up to a quadrillion: a thousand times the largest model published. */
    static final class Params extends Parsing<Double> {
        @Override
        Double parse(String t, String what) {
            return Quantities.atMost(Quantities.count(t, what), 1e15, t, what,
                    "a quadrillion parameters (1e15)");
        }
    }

    /** A positive count with an SI suffix and no set bound (GPU-hours, tokens per step). */
    static final class Count extends Parsing<Double> {
        @Override
        Double parse(String t, String what) {
            return Quantities.count(t, what);
        }
    }

    /** A positive plain number (seconds, tokens per second, bytes per parameter). */
    static final class Positive extends Parsing<Double> {
        @Override
        Double parse(String t, String what) {
            return Quantities.positive(t, what);
        }
    }

    /** {@code --gpus}: a whole number from 1 to ten million (beyond any cluster built). */
    static final class Gpus extends Parsing<Integer> {
        @Override
        Integer parse(String t, String what) {
            return Options.gpuCount(t, what);
        }
    }

    /** Sequences per step, up to a hundred million. */
    static final class GlobalBatch extends Parsing<Integer> {
        @Override
        Integer parse(String t, String what) {
            return (int) Quantities.atMost(Quantities.wholeCount(t, what), 1e8, t,
                    what, "a hundred million sequences");
        }
    }

    /** TFLOP/s per GPU, a peak or an achieved rate ({@link Options#tflops}). */
    static final class Tflops extends Parsing<Double> {
        @Override
        Double parse(String t, String what) {
            return Options.tflops(t, what);
        }
    }

    /** {@link Tflops} and the words given, for a result that records where its peak came from. */
    static final class GivenTflops extends Giving {
        @Override
        double parse(String t, String what) {
            return Options.tflops(t, what);
        }
    }

    /** Dollars per GPU-hour ({@link Options#price}). */
    static final class Price extends Parsing<Double> {
        @Override
        Double parse(String t, String what) {
            return Options.price(t, what);
        }
    }

    /** Model FLOPs utilisation, 0.5 or 50% ({@link Options#mfu}). */
    static final class Mfu extends Parsing<Double> {
        @Override
        Double parse(String t, String what) {
            return Options.mfu(t, what);
        }
    }

    /** A number and the words it was given in, for output that says what was assumed ("--memory-per-gpu 80GB"). */
    record Given(double value, String text) {
        /** As the user wrote it, so that a message built with {@code +} reads "--memory-limit 64MiB". */
        @Override
        public String toString() {
            return text;
        }
    }

    /** Tokens per step with an SI suffix (4M), kept in the words given for the messages that quote it. */
    static final class GivenCount extends Giving {
        @Override
        double parse(String t, String what) {
            return Quantities.count(t, what);
        }
    }

    /** Bytes with an explicit unit, 80GB or 80GiB, as memory per GPU ({@link Options#memoryPerGpu}). */
    static final class MemoryPerGpu extends Giving {
        @Override
        double parse(String t, String what) {
            return Options.memoryPerGpu(t, what);
        }
    }

    /** Bytes of model states per parameter, a positive number such as 12. */
    static final class BytesPerParam extends Giving {
        @Override
        double parse(String t, String what) {
            return Quantities.positive(t, what);
        }
    }

    /** Bytes with an explicit unit, 4GiB or 512MB, for a device to stand in for. */
    static final class MemoryLimit extends Giving {
        @Override
        double parse(String t, String what) {
            return Quantities.bytes(t, what);
        }
    }

    /**
     * The comma-separated values of one option ({@link Lists}), converted as one: picocli's own splitting would
     * convert item by item and could neither expand {@code A..B} ranges nor say that the whole list has an empty item.
     */
    record Listed<T>(List<T> values) {
        Listed {
            values = List.copyOf(values);
        }
    }

    /** GPU counts and {@code A..B} ranges of powers of two, each up to ten million. */
    static final class GpuCounts extends Parsing<Listed<Integer>> {
        @Override
        Listed<Integer> parse(String t, String what) {
            return new Listed<>(Lists.counts(t, what, Options.MAX_GPUS,
                    "ten million GPUs"));
        }
    }

    /** Sequences per GPU and {@code A..B} ranges of powers of two, each up to {@link Options#MAX_BATCH}. */
    static final class Batches extends Parsing<Listed<Integer>> {
        @Override
        Listed<Integer> parse(String t, String what) {
            return new Listed<>(Lists.counts(t, what, Options.MAX_BATCH,
                    "ten million sequences per GPU"));
        }
    }

    /** MFU values ({@link Options#mfu}). */
    static final class Mfus extends Parsing<Listed<Double>> {
        @Override
        Listed<Double> parse(String t, String what) {
            return new Listed<>(Lists.of(t, what, v -> Options.mfu(v, what)));
        }
    }

    /** Training precisions ({@link Choices.Precisions}). */
    static final class PrecisionList extends Parsing<Listed<Precision>> {
        @Override
        Listed<Precision> parse(String t, String what) {
            return new Listed<>(Lists.of(t, what, new Choices.Precisions()::convert));
        }
    }

    /** Names (of model presets), looked up where the table is known. */
    static final class Names extends Parsing<Listed<String>> {
        @Override
        Listed<String> parse(String t, String what) {
            return new Listed<>(Lists.of(t, what, name -> name));
        }
    }
}
