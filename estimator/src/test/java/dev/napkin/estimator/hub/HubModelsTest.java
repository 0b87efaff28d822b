package dev.napkin.estimator.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.napkin.estimator.model.Model;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The resolver against a real HTTP server on the loopback address; nothing here reaches the internet. */
@Timeout(30)
class HubModelsTest {
    // the architecture fields of Qwen/Qwen3-0.6B's config.json on the Hub (28 layers, 1024 wide, tied head)
    private static final String QWEN3_SMALL = """
            {"model_type": "qwen3", "hidden_size": 1024, "num_hidden_layers": 28, "num_attention_heads": 16,
             "num_key_value_heads": 8, "head_dim": 128, "intermediate_size": 3072, "vocab_size": 151936,
             "max_position_embeddings": 40960, "tie_word_embeddings": true}""";

    @TempDir
    Path home;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/test-org/", exchange -> {
            requests.incrementAndGet();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            byte[] body = QWEN3_SMALL.getBytes(StandardCharsets.UTF_8);
            try (exchange) {
                if (path.startsWith("/test-org/gated/")) {
                    exchange.sendResponseHeaders(401, -1);
                } else if (path.startsWith("/test-org/slow/")) {
                    sleep(3000);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } else if (path.startsWith("/test-org/truncated/")) {
                    exchange.sendResponseHeaders(200, body.length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(body, 0, body.length / 2);
                    out.flush(); // closing the exchange now leaves half the promised bytes unsent
                } else if (path.equals("/test-org/qwen3-small/resolve/main/config.json")) {
                    exchange.getResponseHeaders().add("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HubSettings settings(boolean online, String token) {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new HubSettings(home.resolve("hub"), endpoint, token, online, Duration.ofSeconds(1));
    }

    private String failure(String id, HubSettings s) {
        String message = assertThrows(IllegalArgumentException.class, () -> HubModels.resolve(id, s)).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void bundledIdsResolveWithoutTheCacheOrTheNetwork() {
        Model m = HubModels.resolve("qwen/qwen3-8b", settings(false, null));
        assertEquals("Qwen/Qwen3-8B", m.id());
        assertEquals(0, requests.get());
    }

    @Test
    void downloadsOnceThenReadsTheCache() {
        Model first = HubModels.resolve("test-org/qwen3-small", settings(true, null));
        assertEquals(1, requests.get());
        Path cached = home.resolve("hub/models--test-org--qwen3-small/snapshots/"
                + "0123456789abcdef0123456789abcdef01234567/config.json");
        assertTrue(Files.isRegularFile(cached), "written in the Hugging Face cache layout");
        Model second = HubModels.resolve("test-org/qwen3-small", settings(false, null));
        assertEquals(1, requests.get(), "the second run reads the cache");
        assertEquals(first.totalParams(), second.totalParams());
        // Qwen3-0.6B model card: 0.6B parameters (596M, rounded), 0.44B non-embedding
        assertEquals(6, Math.round(first.totalParams() / 1e8));
        long nonEmbedding = first.parameterCount().orElseThrow().nonEmbedding();
        assertEquals(0.44e9, nonEmbedding, 0.005 * 0.44e9);
    }

    @Test
    void offlineWithoutTheCacheSaysHowToGetIt() {
        String m = failure("test-org/qwen3-small", settings(false, null));
        assertTrue(m.contains("--online") && m.contains("not in the Hugging Face cache"), m);
        assertEquals(0, requests.get());
    }

    @Test
    void gatedWithoutTokenAsksForOneAndSendsTheTokenWhenSet() {
        assertTrue(failure("test-org/gated", settings(true, null)).contains("set HF_TOKEN"));
        String m = failure("test-org/gated", settings(true, "hf_test"));
        assertTrue(m.contains("refused HF_TOKEN"), m);
        assertEquals("Bearer hf_test", authorization.get());
    }

    @Test
    void unknownIdIsNotFound() {
        assertTrue(failure("test-org/absent", settings(true, null)).contains("no model 'test-org/absent'"));
    }

    @Test
    void slowReplyTimesOut() {
        String m = failure("test-org/slow", settings(true, null));
        assertTrue(m.contains("no answer") && m.contains("within 1 s"), m);
    }

    @Test
    void truncatedBodyIsNotTakenForAConfig() {
        String m = failure("test-org/truncated", settings(true, null));
        assertTrue(m.contains("broke off") || m.contains("not complete JSON"), m);
        assertFalse(Files.exists(home.resolve("hub/models--test-org--truncated/snapshots")), "nothing cached");
    }

    @Test
    void noNetworkIsSaidPlainly() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HubSettings s = new HubSettings(home.resolve("hub"), URI.create("http://127.0.0.1:" + closed), null, true,
                Duration.ofSeconds(1));
        assertTrue(failure("test-org/qwen3-small", s).contains("no network"));
    }

    @Test
    void aConfigNapkinCannotReadNamesTheKey() throws IOException {
        Path snapshot = home.resolve("hub/models--test-org--broken/snapshots/abc1234");
        Files.createDirectories(snapshot);
        Files.writeString(snapshot.resolve("config.json"), QWEN3_SMALL.replace("\"num_hidden_layers\": 28,", ""));
        String m = failure("test-org/broken", settings(false, null));
        assertTrue(m.contains("'num_hidden_layers'"), m);
    }

    @Test
    void environmentVariablesPickTheCacheEndpointAndToken() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_HOME", home.toString(), "HF_ENDPOINT",
                "http://127.0.0.1:9/", "HF_TOKEN", "hf_x", "NAPKIN_ONLINE", "1"), false);
        assertEquals(home.resolve("hub"), s.hubCache());
        assertEquals("http://127.0.0.1:9", s.endpoint().toString());
        assertEquals("hf_x", s.tokenOrNull());
        assertTrue(s.online());
        assertThrows(IllegalArgumentException.class, () -> HubSettings.fromEnvironment(
                Map.of("HF_HOME", home.toString(), "HF_HUB_OFFLINE", "1"), true));
    }
}
