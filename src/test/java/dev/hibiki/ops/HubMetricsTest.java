package dev.hibiki.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** What an operator scraping /q/metrics sees while real clients use the hub. */
@QuarkusTest
class HubMetricsTest {

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    @Test
    void trafficShowsUpInTheHubMeters() {
        MetricsScrape before = MetricsScrape.now();
        try (WsClient alice = WsClient.joined(vertx, base, "alice"); WsClient bob = WsClient.joined(vertx, base, "bob")) {
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> MetricsScrape.now().value("hibiki_connections") >= before.value("hibiki_connections") + 2);

            alice.send("echo", "text", "hi");
            alice.next("echo");
            alice.send("broadcast", "text", "to all");
            bob.next("broadcast");
            alice.next("broadcast");
            alice.send("join", "room", "metrics-room");
            alice.next("joined");
            alice.sendRaw("{not json");
            alice.next("error");
            alice.send("no-such-type");
            alice.next("error");

            MetricsScrape after = MetricsScrape.now();
            assertEquals(1, delta(before, after, "hibiki_messages_in_total{type=\"echo\"}"));
            assertEquals(1, delta(before, after, "hibiki_messages_in_total{type=\"broadcast\"}"));
            assertEquals(1, delta(before, after, "hibiki_messages_out_total{type=\"echo\"}"));
            assertTrue(delta(before, after, "hibiki_messages_out_total{type=\"broadcast\"}") >= 2,
                    "a broadcast to two connections is two deliveries");
            assertEquals(1, delta(before, after, "hibiki_errors_total{code=\"bad_json\"}"));
            assertEquals(1, delta(before, after, "hibiki_errors_total{code=\"unknown_type\"}"));
            assertTrue(delta(before, after, "hibiki_frames_in_total") >= 5, "every frame counts, valid or not");
            assertTrue(delta(before, after, "hibiki_fanout_duration_seconds_count") >= 1);
            assertTrue(after.has("hibiki_fanout_duration_seconds_bucket{le=\"+Inf\"}"), "latency is a histogram");
            assertTrue(after.value("hibiki_rooms") >= 1);
            double typed = after.sum("hibiki_messages_out_total") - before.sum("hibiki_messages_out_total");
            assertTrue(typed > 0);
            // Both views of the same deliveries: per type, and the hub's own total.
            assertEquals(typed, delta(before, after, "hibiki_deliveries_total"), 2,
                    "deliveries by type and in total disagree");
            assertTrue(after.has("hibiki_closes_total{reason=\"slow_client\"}"));
            assertTrue(after.has("hibiki_closes_total{reason=\"rate_limit\"}"));
        }
        await().atMost(Duration.ofSeconds(10)).until(
                () -> MetricsScrape.now().value("hibiki_connections") == before.value("hibiki_connections"));
    }

    @Test
    void websocketsNextPerMessageMetricsAreOffByDefault() {
        try (WsClient client = WsClient.joined(vertx, base, "carol")) {
            client.send("ping");
            client.next("pong");
        }
        // Off by default (docs/OPERATIONS.md): the hub's own meters count the same traffic.
        MetricsScrape scrape = MetricsScrape.now();
        assertTrue(scrape.all().keySet().stream().noneMatch(k -> k.startsWith("quarkus_websockets_server")),
                "websockets-next server metrics are on: " + scrape.all().keySet().stream()
                        .filter(k -> k.contains("websocket")).toList());
        assertTrue(scrape.value("hibiki_frames_in_total") > 0);
    }

    private static double delta(MetricsScrape before, MetricsScrape after, String series) {
        return after.value(series) - before.value(series);
    }
}
