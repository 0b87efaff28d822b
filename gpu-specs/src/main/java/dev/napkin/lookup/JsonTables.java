package dev.napkin.lookup;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads napkin's JSON data tables (GPUs, model presets, published runs) into records, strictly: snake_case keys,
 * unknown keys rejected, required keys enforced, and every failure turned into one line naming the file, the
 * place and the problem.
 */
public final class JsonTables {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private JsonTables() {
    }

    /** Reads a table shipped inside the jar; a failure here is a bug in napkin, reported as such. */
    public static <T> T readResource(String resource, Class<T> type) {
        try (InputStream in = JsonTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in table " + resource + " is missing from the jar");
            }
            return MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw new IllegalStateException("built-in table " + resource + " is invalid: " + describe(e), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("built-in table " + resource + " is invalid: " + describe(e), e);
        }
    }

    /**
     * Reads a user's file, at most {@code limit} bytes; any problem becomes an {@link IllegalArgumentException} of
     * one line that names the file, the key, what was expected and what was found.
     */
    public static <T> T readFile(Path file, Class<T> type, String whatItIs, long limit) {
        JsonNode tree = readTree(InputFiles.read(file, whatItIs, limit), whatItIs + " '" + file + "'");
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException(whatItIs + " '" + file + "': " + describe(e, tree), e);
        }
    }

    /**
     * One JSON value and nothing after it (a second object, or junk, after the first is refused rather than
     * silently dropped).
     *
     * @param named how messages name the source, e.g. "config file 'x.json'"
     */
    public static JsonNode readTree(byte[] json, String named) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            // one value; what follows is checked below, to say so in the user's words
            JsonNode tree = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(parser);
            if (tree == null || tree.isMissingNode()) {
                throw new IllegalArgumentException(named + " is empty; it should hold one JSON object");
            }
            JsonLocation end = parser.currentLocation();
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JacksonException e) {
                more = true;
            }
            if (more) {
                throw new IllegalArgumentException(named + ": line " + end.getLineNr() + ", column " + end.getColumnNr()
                        + ": more content after the JSON object; the file should hold that one object only");
            }
            return tree;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(named + ": " + describe(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(named + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * What is wrong with {@code tree} in the user's words, from the exception that mapping it to a record raised:
     * {@code "gpus[0].name" is missing}, {@code "gpus" should be a list, not an object}, {@code unknown key "speed"
     * in gpus[0]}, or the record's own refusal.
     */
    public static String describe(Exception e, JsonNode tree) {
        String key = e instanceof JsonMappingException jm ? path(jm.getPath(), jm.getPath().size()) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            String where = path(u.getPath(), u.getPath().size() - 1);
            return "unknown key \"" + u.getPropertyName() + "\"" + (where.isEmpty() ? "" : " in " + where)
                    + "; check its spelling against the schema";
        }
        if (e instanceof MismatchedInputException m) {
            Matcher missing = MISSING.matcher(m.getOriginalMessage());
            if (missing.find()) {
                // Jackson's path ends at the missing key or at the object that lacks it, depending on the version
                String name = missing.group(1);
                return "\"" + (key.equals(name) || key.endsWith("." + name) ? key
                        : (key.isEmpty() ? "" : key + ".") + name) + "\" is missing";
            }
            JsonNode found = tree.at(pointer(m.getPath()));
            if (found.isMissingNode()) {
                return "\"" + key + "\" is missing";
            }
            return "\"" + key + "\" should be " + kind(m.getTargetType()) + ", not " + kind(found);
        }
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException) {
            return (key.isEmpty() ? "" : key + ": ") + cause.getMessage();
        }
        return (key.isEmpty() ? "" : "\"" + key + "\": ") + "a value of the wrong kind";
    }

    private static final Pattern MISSING = Pattern.compile("^Missing required creator property '([^']+)'");

    /** The key as {@code gpus[2].memory_bytes}, from the first {@code n} steps of a mapping path. */
    private static String path(List<JsonMappingException.Reference> refs, int n) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs.subList(0, Math.max(0, n))) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The same key as a JSON pointer into the tree. */
    private static String pointer(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
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
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return type.isEnum() ? "one of its names" : "an object";
    }

    /** A JSON value's kind, as {@link #kind(Class)} names them. */
    public static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "a whole number" : "a number";
            case BOOLEAN -> "true or false";
            case ARRAY -> "a list";
            case OBJECT, POJO -> "an object";
            case NULL -> "null";
            default -> "something else";
        };
    }

    /** A strict mapper for other modules' tables (same settings). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One line: "line 12, column 5: <what is wrong>", using the validation message where a record refused a value. */
    public static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        String where = "";
        if (e instanceof JacksonException je && je.getLocation() != null
                && je.getLocation() != JsonLocation.NA && je.getLocation().getLineNr() > 0) {
            where = "line " + je.getLocation().getLineNr() + ", column " + je.getLocation().getColumnNr() + ": ";
        }
        if (cause instanceof IllegalArgumentException) {
            return where + cause.getMessage();
        }
        if (e instanceof JsonMappingException) {
            return where + "a value of the wrong kind";
        }
        if (e instanceof JacksonException je) {
            return where + "malformed JSON: " + plain(je.getOriginalMessage());
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            return "cannot read: " + e.getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /** The parser's message, first line, without where in its buffers it was ("[Source: ...]"). */
    private static String plain(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        int source = line.indexOf(" (start marker at [Source");
        if (source < 0) {
            source = line.indexOf(" at [Source");
        }
        return (source >= 0 ? line.substring(0, source) : line).strip();
    }
}
