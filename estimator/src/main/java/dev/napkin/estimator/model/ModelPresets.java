package dev.napkin.estimator.model;

import dev.napkin.lookup.JsonTables;
import dev.napkin.lookup.Names;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in model presets ({@code napkin/models.json}), each with its source. */
public final class ModelPresets {
    private static final ModelPresets BUILT_IN = load();

    private final Map<String, Preset> byId;

    /** A preset: the model and where its shape comes from. */
    public record Preset(Model model, String source, String notes) {
    }

    private ModelPresets(Map<String, Preset> byId) {
        this.byId = byId;
    }

    private static ModelPresets load() {
        Map<String, Preset> presets = new LinkedHashMap<>();
        for (PresetEntry entry : JsonTables.readResource("/napkin/models.json", PresetFile.class).models()) {
            if (presets.put(Names.normalize(entry.id()), new Preset(entry.toModel(), entry.source(), entry.notes())) != null) {
                throw new IllegalStateException("built-in model preset '" + entry.id() + "' is listed twice");
            }
        }
        return new ModelPresets(presets);
    }

    public static ModelPresets builtIn() {
        return BUILT_IN;
    }

    public List<Preset> all() {
        return List.copyOf(byId.values());
    }

    /** The preset called {@code id}; unknown ids get the closest one as a suggestion. */
    public Preset find(String id) {
        Preset preset = byId.get(Names.normalize(id));
        if (preset != null) {
            return preset;
        }
        Map<String, String> ids = new HashMap<>();
        byId.forEach((key, p) -> ids.put(key, p.model().id()));
        throw new IllegalArgumentException("unknown model '" + id + "'" + Names.didYouMean(id, ids)
                + " (`napkin models` lists the presets)");
    }
}
