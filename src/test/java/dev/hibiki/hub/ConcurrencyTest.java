package dev.hibiki.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** Many clients at once: every broadcast reaches everyone exactly once, each sender's in order. */
@QuarkusTest
class ConcurrencyTest {

    static final int CLIENTS = 50;
    static final int MESSAGES = 20;

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    @Test
    void fiftyConcurrentBroadcastersEachReceiveEverythingOnceInOrder() throws Exception {
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(WsClient.joined(vertx, base, "c" + i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < CLIENTS; i++) {
                WsClient sender = clients.get(i);
                String name = "c" + i;
                pool.submit(() -> {
                    start.await();
                    for (int m = 0; m < MESSAGES; m++) {
                        sender.send("broadcast", "text", name + ":" + m);
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).isTrue();

            int expected = CLIENTS * MESSAGES;
            for (WsClient client : clients) {
                await().atMost(Duration.ofSeconds(90)).until(() -> client.all("broadcast").size() >= expected);
            }
            for (WsClient client : clients) {
                List<JsonNode> got = client.all("broadcast");
                assertThat(got).hasSize(expected);
                Map<String, Integer> lastBySender = new HashMap<>();
                for (JsonNode frame : got) {
                    String[] parts = frame.path("text").asText().split(":");
                    assertThat(frame.path("from").path("name").asText()).isEqualTo(parts[0]);
                    int m = Integer.parseInt(parts[1]);
                    Integer previous = lastBySender.put(parts[0], m);
                    assertThat(m).as("order from " + parts[0]).isEqualTo(previous == null ? 0 : previous + 1);
                }
                assertThat(lastBySender).hasSize(CLIENTS);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }
}
