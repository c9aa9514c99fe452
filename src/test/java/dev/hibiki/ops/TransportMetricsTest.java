package dev.hibiki.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/** websockets-next's transport metrics, off by default, switched on as docs/OPERATIONS.md says. */
@QuarkusTest
@TestProfile(TransportMetricsTest.On.class)
class TransportMetricsTest {

    /** {@code QUARKUS_WEBSOCKETS_NEXT_SERVER_METRICS_ENABLED=true}, as an operator sets it. */
    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.websockets-next.server.metrics.enabled", "true");
        }
    }

    @TestHTTPResource("/")
    URI base;

    // Not injected, as in HubMetricsTest.
    Vertx vertx = TestVertx.shared();

    @Test
    void switchedOnTheyCountWhatWsReceivesButNotWhatHibikiWrites() {
        String received = "quarkus_websockets_server_count_total{direction=\"INBOUND\",uri=\"/ws\"}";
        double before = MetricsScrape.now().value(received);
        try (WsClient client = WsClient.joined(vertx, base, "dave")) {
            for (int i = 0; i < 3; i++) {
                client.send("ping");
                client.next("pong");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> MetricsScrape.now().value(received) >= before + 3);
        // The welcome and the pongs went out through hub.Outlet, which these meters do not see: one
        // reason they are off by default, the hub's own meters counting both directions.
        MetricsScrape after = MetricsScrape.now();
        assertFalse(after.all().keySet().stream().anyMatch(k -> k.startsWith("quarkus_websockets_server") && k.contains("OUTBOUND")),
                "websockets-next now counts Hibiki's writes: " + after.all().keySet());
        assertTrue(after.value("hibiki_deliveries_total") >= 4);
    }
}
