package dev.napkin.harness.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * napkin's JSON numbers: a whole number as an integer (bytes, parameter counts: 640000000000, not 6.4E11), the rest as
 * Java writes them. Every JSON napkin writes (results files, {@code --format json}) uses it.
 */
public final class WholeDoubles extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    private WholeDoubles() {
        super(Double.class);
    }

    /** The Jackson module that writes both {@code Double} and {@code double} this way. */
    public static SimpleModule module() {
        WholeDoubles w = new WholeDoubles();
        return new SimpleModule().addSerializer(Double.class, w).addSerializer(double.class, w);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        double v = value;
        if (!Double.isFinite(v)) {
            // JSON has no Infinity or NaN; one here is a range check missing upstream, reported as napkin's bug
            throw new IllegalStateException("a result is " + v + " at " + gen.getOutputContext().pathAsPointer()
                    + "; an input range check is missing");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e18) {
            gen.writeNumber((long) v);
        } else {
            gen.writeNumber(v);
        }
    }
}
