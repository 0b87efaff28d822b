package dev.napkin.estimator.cluster;

import dev.napkin.lookup.InputFiles;
import dev.napkin.lookup.JsonTables;
import dev.napkin.lookup.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster presets: the built-in {@code napkin/clusters.json}, optionally merged with a user file of the same
 * schema (an entry with a built-in id replaces it; a new id is added), looked up by id or alias.
 */
public final class ClusterCatalog {
    static final String RESOURCE = "/napkin/clusters.json";
    private static final ClusterCatalog BUILT_IN =
            new ClusterCatalog(JsonTables.readResource(RESOURCE, ClusterSpecFile.class).clusters());

    private final List<ClusterSpec> clusters;
    private final Map<String, ClusterSpec> byName;

    private ClusterCatalog(List<ClusterSpec> clusters) {
        this.clusters = List.copyOf(clusters);
        Map<String, ClusterSpec> names = new HashMap<>();
        for (ClusterSpec c : clusters) {
            claim(names, c.id(), c);
            for (String alias : c.aliases()) {
                claim(names, alias, c);
            }
        }
        this.byName = Map.copyOf(names);
    }

    private static void claim(Map<String, ClusterSpec> names, String name, ClusterSpec c) {
        ClusterSpec previous = names.putIfAbsent(Names.normalize(name), c);
        if (previous != null && previous != c) {
            throw new IllegalArgumentException("cluster name '" + name + "' is used by both '" + previous.id()
                    + "' and '" + c.id() + "'; names and aliases must be unique");
        }
    }

    public static ClusterCatalog builtIn() {
        return BUILT_IN;
    }

    /** The built-in presets with the entries of {@code userFile} added or replacing built-in ones of the same id. */
    public static ClusterCatalog withUserFile(Path userFile) {
        List<ClusterSpec> user = JsonTables.readFile(userFile, ClusterSpecFile.class, "cluster spec file",
                InputFiles.GPU_SPECS_LIMIT).clusters();
        Map<String, ClusterSpec> merged = new LinkedHashMap<>();
        for (ClusterSpec c : BUILT_IN.clusters) {
            merged.put(c.id(), c);
        }
        Map<String, ClusterSpec> seen = new HashMap<>();
        for (ClusterSpec c : user) {
            if (seen.put(c.id(), c) != null) {
                throw new IllegalArgumentException("cluster spec file '" + userFile + "' lists id '" + c.id()
                        + "' twice");
            }
            merged.put(c.id(), c);
        }
        try {
            return new ClusterCatalog(new ArrayList<>(merged.values()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster spec file '" + userFile + "': " + e.getMessage(), e);
        }
    }

    public List<ClusterSpec> all() {
        return clusters;
    }

    /** The cluster called {@code name} (id or alias, any case); unknown names get the closest id as a suggestion. */
    public ClusterSpec find(String name) {
        ClusterSpec c = byName.get(Names.normalize(name));
        if (c != null) {
            return c;
        }
        Map<String, String> idByName = new HashMap<>();
        byName.forEach((n, spec) -> idByName.put(n, spec.id()));
        throw new IllegalArgumentException("unknown cluster '" + name + "'" + Names.didYouMean(name, idByName)
                + " (presets: " + String.join(", ", clusters.stream().map(ClusterSpec::id).toList())
                + "; add your own with --cluster-specs FILE)");
    }
}
