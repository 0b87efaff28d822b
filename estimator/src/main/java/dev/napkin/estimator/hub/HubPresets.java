package dev.napkin.estimator.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.napkin.estimator.model.HfLayouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled table of well-known Hugging Face ids ({@code napkin/hub-models.json}): each model's config.json
 * architecture fields with their source, read by the same code as a config from the cache or the Hub.
 */
public final class HubPresets {
    static final String SCHEMA = "napkin-hub-models/1";
    private static final HubPresets BUILT_IN = load();

    private final Map<String, HubPreset> byId;

    private HubPresets(Map<String, HubPreset> byId) {
        this.byId = byId;
    }

    private static HubPresets load() {
        JsonNode root;
        try (InputStream in = HubPresets.class.getResourceAsStream("/napkin/hub-models.json")) {
            if (in == null) {
                throw new IllegalStateException("napkin/hub-models.json is missing from the jar");
            }
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("napkin/hub-models.json cannot be read", e);
        }
        if (!SCHEMA.equals(root.path("schema").asText())) {
            throw new IllegalStateException("napkin/hub-models.json has schema '" + root.path("schema").asText()
                    + "', expected '" + SCHEMA + "'");
        }
        Map<String, HubPreset> presets = new LinkedHashMap<>();
        for (JsonNode m : root.path("models")) {
            String id = m.path("id").asText();
            HubPreset preset = new HubPreset(HfLayouts.read(m.path("config"), id, m.path("name").asText(id)),
                    m.path("source").asText(), m.path("checked_against").asText(), m.path("published").asText(),
                    m.hasNonNull("notes") ? m.get("notes").asText() : null);
            if (presets.put(id.toLowerCase(Locale.ROOT), preset) != null) {
                throw new IllegalStateException("napkin/hub-models.json lists '" + id + "' twice");
            }
        }
        return new HubPresets(presets);
    }

    public static HubPresets builtIn() {
        return BUILT_IN;
    }

    public List<HubPreset> all() {
        return List.copyOf(byId.values());
    }

    /** The bundled model with this Hub id, compared without case as the Hub does. */
    public Optional<HubPreset> find(String hubId) {
        return Optional.ofNullable(byId.get(hubId.toLowerCase(Locale.ROOT)));
    }
}
