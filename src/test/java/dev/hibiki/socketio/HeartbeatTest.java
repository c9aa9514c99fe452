package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hibiki.socketio.SioClient.Transports;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Engine.IO's heartbeat with short timings: clients that answer stay, a silent session is closed. */
@QuarkusTest
@TestProfile(HeartbeatTest.ShortHeartbeat.class)
class HeartbeatTest {

    public static class ShortHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hibiki.socketio.ping-interval", "300ms", "hibiki.socketio.ping-timeout", "400ms");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void clientsThatAnswerPingsStayConnected() throws Exception {
        try (SioClient polling = SioClient.connected(base, "/", Transports.POLLING);
                SioClient webSocket = SioClient.connected(base, "/", Transports.WEBSOCKET)) {
            // Connected all along, through several ping intervals and timeouts.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> polling.socket().connected() && webSocket.socket().connected());
            assertThat(polling.call("echo", SioClient.json("text", "alive"))[0].toString()).contains("alive");
        }
    }

    @Test
    void aSessionThatNeverAnswersIsClosedAfterPingTimeout() {
        RawEngine silent = RawEngine.open(base);
        assertThat(silent.openPacket).contains("\"pingInterval\":300,\"pingTimeout\":400");
        silent.post("40");
        // Poll without ever answering the server's ping ("2"): the session ends within
        // ping-interval + ping-timeout, its last poll answered with the close packet or 400.
        java.util.List<String> seen = new java.util.ArrayList<>();
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            java.net.http.HttpResponse<String> poll = silent.get();
            if (poll.statusCode() != 200) {
                return poll.body().contains("\"code\":1");
            }
            seen.addAll(java.util.List.of(poll.body().split(RawEngine.SEPARATOR)));
            return seen.get(seen.size() - 1).equals("1");
        });
        assertThat(seen).as("the server pinged").contains("2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
