package dev.hibiki.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hibiki.testing.WsClient;
import io.vertx.core.Vertx;

/**
 * SIGTERM on the packaged application (prod profile: 3 s shutdown delay) after WebSocket clients
 * came and went: the process stops once the delay is over, without waiting for connections that
 * are gone and without an error in its log.
 */
class CleanStopIT {

    /** {@code quarkus.shutdown.delay} in the prod profile. */
    private static final long DELAY_MS = 3000;
    /** Before the fix a stop waited delay + quarkus.shutdown.timeout (5 s) and logged an ERROR. */
    private static final long MARGIN_MS = 2000;

    private Process server;
    private Vertx vertx;
    private URI base;
    private File log;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        PackagedServer app = PackagedServer.start("clean-stop-it");
        server = app.process();
        base = app.base();
        log = app.log();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        if (server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStopAfterClosedWebSocketsWaitsOnlyTheDelayAndLogsNoError() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (WsClient client = WsClient.joined(vertx, base, "visitor" + i)) {
                client.send("echo", "text", "hello");
                assertThat(client.next("echo").path("text").asText()).isEqualTo("hello");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/status").body().contains("\"connections\":0"));

        long start = System.nanoTime();
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long stoppedMs = (System.nanoTime() - start) / 1_000_000;

        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("Timed out waiting for graceful shutdown")
                .doesNotContain("\"level\":\"ERROR\"").doesNotContain(" ERROR ");
        assertThat(stoppedMs).as("stop time in ms").isLessThan(DELAY_MS + MARGIN_MS);
        assertThat(server.exitValue()).isIn(0, 143);
    }

    @Test
    void aStopWithAnOpenWebSocketDrainsItAndLogsNoError() throws Exception {
        try (WsClient client = WsClient.joined(vertx, base, "staying")) {
            long start = System.nanoTime();
            server.destroy(); // SIGTERM
            client.next("shutdown");
            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long stoppedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(stoppedMs).as("stop time in ms").isLessThan(DELAY_MS + MARGIN_MS);
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("Timed out waiting for graceful shutdown")
                .doesNotContain("\"level\":\"ERROR\"").doesNotContain(" ERROR ");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
