package dev.napkin.estimator.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The JSON document: {@code {"schema": "napkin-clusters/1", "units": "...", "clusters": [...]}}. */
record ClusterSpecFile(@JsonProperty(required = true) String schema, String units,
                       @JsonProperty(required = true) List<ClusterSpec> clusters) {
    static final String SCHEMA = "napkin-clusters/1";

    ClusterSpecFile {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema is '" + schema + "'; a cluster file must say \"schema\": \""
                    + SCHEMA + "\"");
        }
        if (clusters == null || clusters.isEmpty()) {
            throw new IllegalArgumentException("\"clusters\" is empty; list at least one cluster");
        }
        clusters = List.copyOf(clusters);
    }
}
