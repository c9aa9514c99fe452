package dev.hibiki.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.WsClient;
import io.vertx.core.Vertx;

/**
 * SIGTERM on the packaged application: readiness goes down first, clients receive
 * {@code shutdown {reconnect_ms}} and are closed with 1001, and the process exits cleanly.
 */
class GracefulShutdownIT {

    private Process server;
    private Vertx vertx;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        PackagedServer app = PackagedServer.start("graceful-shutdown-it");
        server = app.process();
        base = app.base();
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
    void sigtermDrainsClientsAfterReadinessGoesDown() throws Exception {
        try (WsClient client = WsClient.joined(vertx, base, "leaving")) {
            server.destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> status("/q/health/ready") == 503);
            JsonNode shutdown = client.next("shutdown");
            assertThat(shutdown.path("reconnect_ms").asInt()).isBetween(1000, 2000);
            assertThat(client.awaitClose()).isEqualTo(1001);
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isIn(0, 143);
    }

    private int status(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
