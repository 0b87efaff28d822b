package dev.napkin.estimator.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one Hugging Face config object, read with the key named in every error. A key the file lacks takes
 * the default of the configuration class where one is given ({@code configuration_*.py}); without one it is an
 * error naming the key.
 */
record ConfigFields(JsonNode node) {
    ConfigFields {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the config is not a JSON object");
        }
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    int positive(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + key + "'");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new IllegalArgumentException("field '" + key + "' must be a positive whole number, got " + v);
        }
        return v.asInt();
    }

    int positiveOr(String key, int classDefault) {
        return has(key) ? positive(key) : classDefault;
    }

    /** A count that may be 0 (first_k_dense_replace, num_nextn_predict_layers). */
    int countOr(String key, int classDefault) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return classDefault;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new IllegalArgumentException("field '" + key + "' must be a whole number of at least 0, got " + v);
        }
        return v.asInt();
    }

    boolean flagOr(String key, boolean classDefault) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return classDefault;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + key + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    double numberOr(String key, double classDefault) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return classDefault;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field '" + key + "' must be a number, got " + v);
        }
        return v.asDouble();
    }

    /** A list of whole numbers, or null when the key is absent. */
    List<Integer> intsOrNull(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + key + "' must be a list of whole numbers, got " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                throw new IllegalArgumentException("field '" + key + "' must be a list of whole numbers, got " + v);
            }
            out.add(e.asInt());
        }
        return out;
    }

    /** A list of strings of the given length, or null when the key is absent. */
    List<String> stringsOrNull(String key, int length) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray() || v.size() != length) {
            throw new IllegalArgumentException("field '" + key + "' must list " + length + " entries, one per layer, got "
                    + (v.isArray() ? v.size() + " entries" : v.toString()));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            out.add(e.asText());
        }
        return out;
    }
}
