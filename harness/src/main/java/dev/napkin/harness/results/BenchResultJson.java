package dev.napkin.harness.results;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.napkin.lookup.InputFiles;
import dev.napkin.lookup.JsonTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one JSON form of a {@link BenchResult}: snake_case keys in the record's order, whole numbers without a
 * fraction (bytes: 2090000000, not 2.09E9). Reading takes exactly what writing gives; keys it does not know are
 * ignored, a missing key or a value of the wrong kind is a one-line error that names the key.
 */
public final class BenchResultJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // a value of another kind is refused, not converted ("64" is not a sequence length, 3 not a boolean)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(WholeDoubles.module())
            .build();

    private BenchResultJson() {
    }

    /** The file's text, indented, without a final line break. */
    public static String write(BenchResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a bench result as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a results file; an {@link IllegalArgumentException} of one line says why it is not one. */
    public static BenchResult read(Path file) {
        String text = new String(InputFiles.read(file, "results file", InputFiles.BENCH_RESULT_LIMIT),
                StandardCharsets.UTF_8);
        return parse(text);
    }

    /** {@link #read} from text. */
    public static BenchResult parse(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON (cut off while being written?): " + firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("empty or not a JSON object");
        }
        if (!tree.has("probes")) {
            throw new IllegalArgumentException("no \"probes\" key, so not a napkin bench result");
        }
        try {
            return JSON.treeToValue(tree, BenchResult.class);
        } catch (JacksonException e) {
            // the key and what is wrong with it, as every table napkin reads words it (a record's own refusal, a
            // missing key, a value of the wrong kind)
            throw new IllegalArgumentException(JsonTables.describe(e, tree), e);
        }
    }

    private static String firstLine(JacksonException e) {
        return e.getOriginalMessage().lines().findFirst().orElse("");
    }
}
