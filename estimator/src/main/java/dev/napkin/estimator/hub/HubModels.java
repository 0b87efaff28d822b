package dev.napkin.estimator.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.napkin.estimator.model.HfConfig;
import dev.napkin.estimator.model.HfLayouts;
import dev.napkin.estimator.model.Model;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves a Hugging Face id ({@code ORG/NAME}) to a model: the bundled table first, then the local Hugging Face
 * cache ({@code <HF_HUB_CACHE>/models--ORG--NAME/snapshots/<revision>/config.json}, the revision {@code refs/main}
 * names, else the newest), then, only when online, a download of {@code <HF_ENDPOINT>/ORG/NAME/resolve/main/
 * config.json} (with {@code Authorization: Bearer HF_TOKEN}), which is written into the cache in the same layout
 * for the next run. Every failure is one line naming the id and what to do.
 */
public final class HubModels {
    // the Hub's repository names: letters, digits, '-', '_', '.'; one '/' between owner and name
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubModels() {
    }

    /** Whether {@code text} has the form of a Hub id rather than a preset name. */
    public static boolean looksLikeHubId(String text) {
        return text.contains("/");
    }

    public static Model resolve(String hubId, HubSettings settings) {
        if (!ID.matcher(hubId).matches()) {
            throw new IllegalArgumentException("'" + hubId + "' is not a Hugging Face id; write it as ORG/NAME, "
                    + "e.g. Qwen/Qwen3-8B");
        }
        Optional<HubPreset> bundled = HubPresets.builtIn().find(hubId);
        if (bundled.isPresent()) {
            return bundled.get().model();
        }
        Path repo = settings.hubCache().resolve("models--" + hubId.replace("/", "--"));
        Optional<Path> cached = cachedConfig(repo);
        if (cached.isPresent()) {
            return fromFile(cached.get(), hubId, "Hugging Face cache");
        }
        if (!settings.online()) {
            throw new IllegalArgumentException("model '" + hubId + "' is not bundled with napkin and not in the "
                    + "Hugging Face cache (" + repo + "); pass --online (or set NAPKIN_ONLINE=1) to download its "
                    + "config.json, or give --config FILE");
        }
        Path file = download(hubId, settings, repo);
        return fromFile(file, hubId, "downloaded from " + settings.endpoint().getHost());
    }

    /** The config.json of the revision refs/main names, else of the newest snapshot. */
    static Optional<Path> cachedConfig(Path repo) {
        Path snapshots = repo.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            return Optional.empty();
        }
        try {
            Path main = repo.resolve("refs").resolve("main");
            if (Files.isRegularFile(main)) {
                Path named = snapshots.resolve(Files.readString(main).strip()).resolve("config.json");
                if (Files.isRegularFile(named)) {
                    return Optional.of(named);
                }
            }
            try (Stream<Path> revisions = Files.list(snapshots)) {
                return revisions.map(r -> r.resolve("config.json")).filter(Files::isRegularFile)
                        .max(Comparator.comparing(HubModels::modified));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the Hugging Face cache folder " + repo + " cannot be read: "
                    + e.getMessage() + "; check its permissions or set HF_HOME", e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Model fromFile(Path file, String hubId, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("the config.json of '" + hubId + "' in the " + where + " (" + file
                    + ") is not JSON: " + firstLine(e) + "; delete it and download again", e);
        }
        String type = root == null ? "" : root.path("model_type").asText("").toLowerCase(Locale.ROOT);
        String description = hubId + " (" + type + ", " + where + ")";
        try {
            if (HfLayouts.reads(type)) {
                return HfLayouts.read(root, hubId, description);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the config.json of '" + hubId + "' (" + file + "): " + e.getMessage(), e);
        }
        Model m = HfConfig.read(file);
        return new Model(hubId, description, m.totalParams(), m.activeParams(), m.shapeOrNull(), m.dropout());
    }

    private static Path download(String hubId, HubSettings settings, Path repo) {
        URI url = URI.create(settings.endpoint() + "/" + hubId + "/resolve/main/config.json");
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.timeout()).GET()
                .header("User-Agent", "napkin");
        if (settings.tokenOrNull() != null) {
            request.header("Authorization", "Bearer " + settings.tokenOrNull());
        }
        HttpResponse<byte[]> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException | UnknownHostException e) {
            throw new IllegalArgumentException("cannot reach " + settings.endpoint() + " to download '" + hubId
                    + "' (" + firstLine(e) + "): no network? Check the connection or HF_ENDPOINT", e);
        } catch (HttpTimeoutException e) {
            throw new IllegalArgumentException("no answer from " + settings.endpoint() + " for '" + hubId + "' within "
                    + settings.timeout().toSeconds() + " s; try again, or check the network or HF_ENDPOINT", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the download of " + url + " broke off (" + firstLine(e)
                    + "); try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("the download of " + url + " was interrupted", e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new IllegalArgumentException(settings.tokenOrNull() == null
                    ? "'" + hubId + "' is gated or private (the Hub answered " + status + "); accept its terms on the "
                            + "Hub and set HF_TOKEN to an access token"
                    : "the Hub refused HF_TOKEN for '" + hubId + "' (" + status + "); accept the model's terms on the "
                            + "Hub with that account, or use a token with read access");
        }
        if (status == 404) {
            throw new IllegalArgumentException("no model '" + hubId + "' on " + settings.endpoint() + " (404); check "
                    + "the id's spelling (ORG/NAME, as on its Hub page)");
        }
        if (status != 200) {
            throw new IllegalArgumentException("the Hub answered " + status + " for " + url + "; try again later");
        }
        byte[] body = response.body();
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new IOException("not a JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the config.json downloaded from " + url + " is not complete JSON ("
                    + firstLine(e) + "); try again", e);
        }
        String revision = response.headers().firstValue("X-Repo-Commit").filter(r -> r.matches("[0-9a-fA-F]{7,64}"))
                .orElse("main");
        return store(repo, revision, body);
    }

    /** Writes the config into the cache's layout: snapshots/REVISION/config.json and refs/main. */
    private static Path store(Path repo, String revision, byte[] body) {
        Path file = repo.resolve("snapshots").resolve(revision).resolve("config.json");
        try {
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), "config", ".part");
            Files.write(partial, body);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.createDirectories(repo.resolve("refs"));
            Files.writeString(repo.resolve("refs").resolve("main"), revision, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the downloaded config.json into the Hugging Face cache "
                    + repo + ": " + firstLine(e) + "; check its permissions or set HF_HOME", e);
        }
        return file;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
