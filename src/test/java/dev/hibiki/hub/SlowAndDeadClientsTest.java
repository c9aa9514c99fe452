package dev.hibiki.hub;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.testing.PresenceFrames;
import dev.hibiki.testing.RawWebSocket;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** A client that stops reading, or vanishes without closing, costs bounded memory and no one's service. */
@QuarkusTest
class SlowAndDeadClientsTest {

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    private static boolean presence(JsonNode frame, String event, String name) {
        return PresenceFrames.announces(frame, event, name);
    }

    @Test
    void aClientThatStopsReadingIsClosedAndOthersReceiveEverything() throws Exception {
        try (WsClient observer = WsClient.joined(vertx, base, "observer");
                WsClient publisher = WsClient.joined(vertx, base, "publisher");
                RawWebSocket stalled = RawWebSocket.open(base, "name=stalled", 4096)) {
            observer.next(f -> presence(f, "connect", "stalled"), "stalled connects");
            // The stalled client keeps talking (so the heartbeat sees it alive) but never reads.
            ScheduledExecutorService talker = Executors.newSingleThreadScheduledExecutor();
            talker.scheduleAtFixedRate(() -> {
                try {
                    stalled.sendText("{\"type\":\"status\"}");
                } catch (Exception e) {
                    // closed: the point of the test
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            try {
                String chunk = "x".repeat(50_000);
                int messages = 200; // 10 MB: far beyond the 1 MiB outbound limit plus socket buffers
                for (int i = 0; i < messages; i++) {
                    publisher.send("broadcast", "text", chunk, "data", i);
                    // A healthy reader keeps up: it receives each broadcast, in order.
                    assertThat(observer.next("broadcast").path("data").asInt()).isEqualTo(i);
                }
                // The stalled client was dropped: everyone saw it leave ...
                observer.next(f -> presence(f, "disconnect", "stalled"), "stalled dropped");
                assertThat(observer.closeCode()).isEmpty();
            } finally {
                talker.shutdownNow();
            }
            // ... and when it reads at last, the backlog ends with the slow-client close code.
            assertThat(stalled.readUntilClose()).isEqualTo(Client.CLOSE_SLOW_CLIENT);
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDroppedWithinTheTimeout() throws Exception {
        try (WsClient observer = WsClient.joined(vertx, base, "watcher");
                RawWebSocket silent = RawWebSocket.open(base, "name=silent", 0)) {
            JsonNode welcome = new ObjectMapper().readTree(silent.read().text());
            assertThat(welcome.path("type").asText()).isEqualTo("welcome");
            assertThat(welcome.path("name").asText()).isEqualTo("silent");
            silent.sendText("{\"type\":\"join\",\"room\":\"heartbeat-room\"}");
            observer.send("join", "room", "heartbeat-room");
            observer.next("joined");
            // The raw socket never answers the server's pings: a half-open connection, dropped
            // once silent for the test profile's heartbeat timeout (8 s).
            await().atMost(Duration.ofSeconds(30)).until(() -> observer.all().stream()
                    .anyMatch(f -> presence(f, "disconnect", "silent")));
            observer.send("rooms");
            JsonNode rooms = observer.next("rooms");
            assertThat(rooms.path("rooms").get(0).path("members").asInt()).isEqualTo(1);
        }
    }

    @Test
    void invalidUtf8InATextFrameClosesOnlyThatConnection() throws Exception {
        try (WsClient bystander = WsClient.joined(vertx, base, "bystander");
                RawWebSocket broken = RawWebSocket.open(base, "name=broken", 0)) {
            broken.send(RawWebSocket.TEXT, new byte[] { '{', (byte) 0xC3, (byte) 0x28, '}' });
            // Not UTF-8 breaks RFC 6455 itself: the transport fails the connection with 1007.
            String code = null;
            for (RawWebSocket.Frame frame = broken.read(); frame != null; frame = broken.read()) {
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    code = "close " + frame.closeCode();
                    break;
                }
                if (frame.opcode() != RawWebSocket.TEXT) {
                    continue; // heartbeat pings
                }
                JsonNode json = new ObjectMapper().readTree(frame.text());
                if ("error".equals(json.path("type").asText())) {
                    code = json.path("code").asText();
                    break;
                }
            }
            assertThat(code).isEqualTo("close 1007");
            bystander.send("echo", "text", "fine");
            assertThat(bystander.next("echo").path("text").asText()).isEqualTo("fine");
        }
    }

}
