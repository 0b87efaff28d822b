package dev.napkin.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.napkin.harness.results.WholeDoubles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Writes a {@link Report} as a table, JSON (snake_case keys) or CSV (flattened keys, RFC 4180 quoting). */
final class Output {
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(WholeDoubles.module())
            .build();

    private Output() {
    }

    /** "Infinity", "NaN" or "∞" as a word of a rendered table: a value no formula should give for a valid input. */
    private static final Pattern NON_FINITE = Pattern.compile("\\b(Infinity|NaN)\\b|∞");

    /**
     * Renders the whole report first, then prints it: a report that holds Infinity or NaN (a range check missing
     * upstream) is refused as our bug, and nothing half-written reaches stdout.
     */
    static void print(Report report, OutputFormat format, PrintWriter out) {
        String text = switch (format) {
            case TABLE -> report.table();
            case JSON -> report.json() + "\n";
            case CSV -> csv(report);
        };
        if (format == OutputFormat.TABLE && NON_FINITE.matcher(text).find()) {
            throw new IllegalStateException("a result is not a finite number; an input range check is missing");
        }
        out.print(text);
        out.flush();
    }

    static String json(Object report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static String csv(Report report) {
        JsonNode root;
        try {
            root = JSON.valueToTree(report);
        } catch (IllegalArgumentException e) {
            // Jackson wraps what a serializer throws; a value it cannot write is ours to fix, not the user's
            throw new IllegalStateException("cannot write CSV: " + e.getMessage(), e);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        if (report.csvRowsField() != null) {
            for (JsonNode element : root.path(report.csvRowsField())) {
                Map<String, String> row = new LinkedHashMap<>();
                flatten("", element, row);
                rows.add(row);
            }
        } else {
            Map<String, String> row = new LinkedHashMap<>();
            flatten("", root, row);
            rows.add(row);
        }
        List<String> header = new ArrayList<>();
        for (Map<String, String> row : rows) {
            for (String key : row.keySet()) {
                if (!header.contains(key)) {
                    header.add(key);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", header.stream().map(Output::quote).toList())).append('\n');
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String key : header) {
                cells.add(quote(row.getOrDefault(key, "")));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    /** Nested objects become dotted columns ("breakdown.weights"); arrays of scalars join with ';'. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> row) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), row);
            }
        } else if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode element : node) {
                parts.add(element.isValueNode() ? element.asText() : element.toString());
            }
            row.put(prefix, String.join(";", parts));
        } else {
            row.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    private static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
