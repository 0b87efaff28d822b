package dev.napkin.estimator.hub;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where Hugging Face models are looked for: the cache folder, the Hub's address, a token for gated repositories,
 * and whether napkin may download. The variables are huggingface_hub's own (its "Environment variables" page):
 * HF_HOME (default $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface), HF_HUB_CACHE (default $HF_HOME/hub),
 * HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (else the file $HF_HOME/token that {@code hf auth login}
 * writes), HF_HUB_OFFLINE; and napkin's NAPKIN_ONLINE=1, the same as --online.
 */
public record HubSettings(Path hubCache, URI endpoint, String tokenOrNull, boolean online, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<String> TRUTHY = Set.of("1", "true", "yes", "on");

    public HubSettings {
        if (hubCache == null || endpoint == null || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Hub settings need a cache folder, an endpoint and a positive timeout");
        }
    }

    /** The settings the environment gives, with {@code --online} when {@code onlineFlag}. */
    public static HubSettings fromEnvironment(Map<String, String> env, boolean onlineFlag) {
        Path home = env.containsKey("HF_HOME") ? Path.of(env.get("HF_HOME"))
                : env.containsKey("XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME"), "huggingface")
                : Path.of(System.getProperty("user.home"), ".cache", "huggingface");
        Path cache = env.containsKey("HF_HUB_CACHE") ? Path.of(env.get("HF_HUB_CACHE")) : home.resolve("hub");
        String endpointText = env.getOrDefault("HF_ENDPOINT", "https://huggingface.co").replaceAll("/+$", "");
        URI endpoint;
        try {
            endpoint = URI.create(endpointText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HF_ENDPOINT '" + endpointText + "' is not a URL; set it like "
                    + "https://huggingface.co or unset it", e);
        }
        if (endpoint.getScheme() == null || !endpoint.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("HF_ENDPOINT '" + endpointText + "' is not an http(s) URL; set it like "
                    + "https://huggingface.co or unset it");
        }
        String token = env.get("HF_TOKEN");
        if ((token == null || token.isBlank()) && Files.isReadable(home.resolve("token"))) {
            try {
                token = Files.readString(home.resolve("token")).strip();
            } catch (java.io.IOException e) {
                token = null;
            }
        }
        boolean online = onlineFlag || truthy(env.get("NAPKIN_ONLINE"));
        if (online && truthy(env.get("HF_HUB_OFFLINE"))) {
            throw new IllegalArgumentException("--online (or NAPKIN_ONLINE) with HF_HUB_OFFLINE set; unset HF_HUB_OFFLINE "
                    + "to download, or drop --online");
        }
        return new HubSettings(cache, endpoint, token == null || token.isBlank() ? null : token, online,
                DEFAULT_TIMEOUT);
    }

    private static boolean truthy(String value) {
        return value != null && TRUTHY.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    public HubSettings withTimeout(Duration newTimeout) {
        return new HubSettings(hubCache, endpoint, tokenOrNull, online, newTimeout);
    }
}
