package dev.napkin.gpu;

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
 * The GPU table: the built-in {@code napkin/gpus.json}, optionally merged with a user file of the same schema
 * (an entry with a built-in id replaces it; a new id is added). Names are looked up by id or alias after
 * {@link Names#normalize}; no two entries may answer to the same name.
 */
public final class GpuCatalog {
    static final String RESOURCE = "/napkin/gpus.json";
    private static final GpuCatalog BUILT_IN = new GpuCatalog(JsonTables.readResource(RESOURCE, GpuSpecFile.class).gpus());

    private final List<GpuSpec> gpus;
    private final Map<String, GpuSpec> byName;

    private GpuCatalog(List<GpuSpec> gpus) {
        this.gpus = List.copyOf(gpus);
        Map<String, GpuSpec> names = new HashMap<>();
        for (GpuSpec gpu : gpus) {
            claim(names, gpu.id(), gpu);
            for (String alias : gpu.aliases()) {
                claim(names, alias, gpu);
            }
        }
        this.byName = Map.copyOf(names);
    }

    private static void claim(Map<String, GpuSpec> names, String name, GpuSpec gpu) {
        GpuSpec previous = names.putIfAbsent(Names.normalize(name), gpu);
        if (previous != null && previous != gpu) {
            throw new IllegalArgumentException("GPU name '" + name + "' is used by both '" + previous.id()
                    + "' and '" + gpu.id() + "'; names and aliases must be unique");
        }
        if (previous == gpu && !Names.normalize(name).equals(Names.normalize(gpu.id()))) {
            throw new IllegalArgumentException("GPU '" + gpu.id() + "' lists the name '" + name + "' twice");
        }
    }

    public static GpuCatalog builtIn() {
        return BUILT_IN;
    }

    /** The built-in table with the entries of {@code userFile} added or replacing built-in ones of the same id. */
    public static GpuCatalog withUserFile(Path userFile) {
        List<GpuSpec> user = JsonTables.readFile(userFile, GpuSpecFile.class, "GPU spec file",
                InputFiles.GPU_SPECS_LIMIT).gpus();
        Map<String, GpuSpec> merged = new LinkedHashMap<>();
        for (GpuSpec gpu : BUILT_IN.gpus) {
            merged.put(gpu.id(), gpu);
        }
        Map<String, GpuSpec> seen = new HashMap<>();
        for (GpuSpec gpu : user) {
            if (seen.put(gpu.id(), gpu) != null) {
                throw new IllegalArgumentException("GPU spec file '" + userFile + "' lists id '" + gpu.id() + "' twice");
            }
            merged.put(gpu.id(), gpu);
        }
        try {
            return new GpuCatalog(new ArrayList<>(merged.values()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GPU spec file '" + userFile + "': " + e.getMessage(), e);
        }
    }

    public List<GpuSpec> all() {
        return gpus;
    }

    /** The GPU called {@code name} (id or alias, any case); unknown names get the closest id as a suggestion. */
    public GpuSpec find(String name) {
        GpuSpec gpu = byName.get(Names.normalize(name));
        if (gpu != null) {
            return gpu;
        }
        Map<String, String> idByName = new HashMap<>();
        byName.forEach((n, g) -> idByName.put(n, g.id()));
        throw new IllegalArgumentException("unknown GPU '" + name + "'" + Names.didYouMean(name, idByName)
                + " (`napkin gpus` lists them; add your own with --gpu-specs FILE)");
    }
}
