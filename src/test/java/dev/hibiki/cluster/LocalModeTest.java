package dev.hibiki.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The default local mode never reaches for Redis, even when a Redis address is configured: a
 * listening socket standing in for Redis sees no connection while the hub serves clients.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalModeTest.FakeRedis.class, restrictToAnnotatedClass = true)
class LocalModeTest {

    /** A socket where Redis would be, counting connection attempts. */
    public static class FakeRedis implements QuarkusTestResourceLifecycleManager {
        static final AtomicInteger ACCEPTED = new AtomicInteger();
        private ServerSocket socket;
        private Thread acceptor;

        @Override
        public Map<String, String> start() {
            try {
                socket = new ServerSocket(0);
                socket.setSoTimeout(200);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        socket.accept().close();
                        ACCEPTED.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // poll again
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void stop() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Inject
    Cluster cluster;

    @TestHTTPResource("/")
    URI base;

    @Test
    void servesWithoutEverConnectingToRedis() {
        try (WsClient a = WsClient.joined(TestVertx.shared(), base, "a");
                WsClient b = WsClient.joined(TestVertx.shared(), base, "b")) {
            a.send("broadcast", "text", "local");
            assertThat(b.next("broadcast").path("text").asText()).isEqualTo("local");
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'hub' }.data.state", org.hamcrest.Matchers.is("serving"));
        assertThat(cluster.enabled()).isFalse();
        assertThat(cluster.up()).isFalse();
        assertThat(FakeRedis.ACCEPTED.get()).as("connections made to the configured Redis").isZero();
    }
}
