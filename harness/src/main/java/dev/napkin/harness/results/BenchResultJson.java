package dev.napkin.harness.results;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.napkin.lookup.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

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
        } catch (ValueInstantiationException e) {
            // a record's constructor refused a value: its message names the key and the rule
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String where = path(e);
            return refuse((where.isEmpty() ? "" : where + ": ") + (cause == e ? firstLine(e) : cause.getMessage()));
        } catch (MismatchedInputException e) {
            String key = path(e);
            JsonNode found = tree.at(pointer(e));
            if (found.isMissingNode()) {
                return refuse("\"" + key + "\" is missing");
            }
            return refuse("\"" + key + "\" should be " + kind(e.getTargetType()) + ", not " + kind(found));
        } catch (JacksonException e) {
            return refuse("a key has the wrong kind of value: " + firstLine(e));
        }
    }

    private static BenchResult refuse(String why) {
        throw new IllegalArgumentException(why);
    }

    /** The failing key as {@code probes[2].fits}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The failing key as a JSON pointer into the tree. */
    private static String pointer(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('/').append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (r.getIndex() >= 0) {
                sb.append('/').append(r.getIndex());
            }
        }
        return sb.toString();
    }

    /** A Java type as the kind of JSON value it reads from. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || !type.isPrimitive() ? "an object" : "another kind of value";
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case ARRAY -> "a list";
            case OBJECT, POJO -> "an object";
            case NULL -> "null";
            default -> "something else";
        };
    }

    private static String firstLine(JacksonException e) {
        return e.getOriginalMessage().lines().findFirst().orElse("");
    }
}
