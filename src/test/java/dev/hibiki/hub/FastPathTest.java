package dev.hibiki.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Under the pinned Quarkus the hub writes to WebSocket connections through its fast path
 * ({@link Outlet}), which reaches into websockets-next and Vert.x internals. When an upgrade changes
 * them, {@link Outlet#of} quietly falls back to {@code sendText} and every fan-out gets several
 * times dearer (docs/BENCHMARKS.md); this test is what says so.
 */
@QuarkusTest
class FastPathTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Hub hub;

    @Test
    void connectionsWriteThroughTheOutletAndFramesArriveWhole() {
        try (WsClient sender = WsClient.joined(TestVertx.shared(), base, "fast-sender");
                WsClient receiver = WsClient.joined(TestVertx.shared(), base, "fast-receiver")) {
            for (WsClient c : List.of(sender, receiver)) {
                Client client = hub.client(c.all("welcome").get(0).path("id").asText()).orElseThrow();
                assertThat(client.outlet()).as("the fast write path of " + client
                        + " (null: compression is on, or Outlet.of found another websockets-next/Vert.x layout and logged which)")
                        .isNotNull();
                assertThat(client.outlet().active()).isTrue();
            }
            String text = "高速な経路 😀 ".repeat(2000); // 26 KB of UTF-8: a frame with a 64-bit length
            for (int i = 0; i < 20; i++) {
                sender.send("broadcast", "text", text, "data", i);
            }
            for (int i = 0; i < 20; i++) {
                var got = receiver.next("broadcast");
                assertThat(got.path("data").asInt()).isEqualTo(i);
                assertThat(got.path("text").asText()).isEqualTo(text);
            }
            sender.send("echo", "text", "こだま", "id", "e1");
            var echo = sender.next("echo");
            assertThat(echo.path("text").asText()).isEqualTo("こだま");
            assertThat(echo.path("re").asText()).isEqualTo("e1");
        }
    }
}
