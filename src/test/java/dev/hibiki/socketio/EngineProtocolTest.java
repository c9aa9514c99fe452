package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Engine.IO and Socket.IO as a raw HTTP client sees them: the handshake's errors, one poll at a
 * time, at most 16 packets per poll, and bad input that ends only the session that sent it.
 */
@QuarkusTest
class EngineProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void theHandshakeAnnouncesTheSessionsParameters() {
        RawEngine engine = RawEngine.open(base);
        assertThat(engine.sid).hasSizeGreaterThanOrEqualTo(20);
        assertThat(engine.openPacket).isEqualTo("0{\"sid\":\"" + engine.sid + "\",\"upgrades\":[\"websocket\"],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
    }

    /**
     * Recovery is opt-in, as on the official server: by default a socket gets no pid and a room
     * event carries its payload only, so clients with fixed-arity handlers see what they expect.
     */
    @Test
    void byDefaultNoPidAndRoomEventsCarryNoOffset() throws Exception {
        RawEngine engine = RawEngine.open(base);
        engine.post("40");
        JsonNode answer = JSON.readTree(engine.next("40{").substring(2));
        assertThat(answer.path("sid").asText()).isNotEmpty();
        assertThat(answer.has("pid")).as("pid without recovery").isFalse();
        String room = "no-offsets-" + System.nanoTime();
        engine.post("421[\"join\",{\"room\":\"" + room + "\"}]");
        engine.next("431[");
        engine.post("42[\"publish\",{\"room\":\"" + room + "\",\"text\":\"hi\"}]");
        JsonNode event = JSON.readTree(engine.next("42[\"message\"").substring(2));
        assertThat(event).as("event name and payload, no offset").hasSize(2);
        assertThat(event.get(1).path("text").asText()).isEqualTo("hi");
        engine.post("1");
    }

    @Test
    void handshakeErrorsUseEngineIoCodes() {
        assertThat(status("/socket.io/?EIO=5&transport=polling")).isEqualTo("400 {\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(status("/socket.io/?EIO=4&transport=carrier-pigeon")).isEqualTo("400 {\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(status("/socket.io/?EIO=4&transport=polling&sid=nope")).isEqualTo("400 {\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(status("/socket.io/?EIO=4&transport=websocket")).startsWith("400 {\"code\":3");
    }

    @Test
    void aHandshakeFromAForeignOriginIsRefused() throws Exception {
        HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(base.resolve("/socket.io/?EIO=4&transport=polling")).header("Origin", "http://evil.example").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> allowed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(base.resolve("/socket.io/?EIO=4&transport=polling")).header("Origin", "http://allowed.example").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://allowed.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    }

    @Test
    void aSecondConcurrentPollEndsTheSessionWith400() throws Exception {
        RawEngine engine = RawEngine.open(base);
        // No namespace joined: nothing to send, so the first poll is held.
        CompletableFuture<HttpResponse<String>> held = engine.getAsync();
        HttpResponse<String> second = awaitHeldThenGet(engine, held);
        assertThat(second.statusCode()).isEqualTo(400);
        HttpResponse<String> first = held.get(10, TimeUnit.SECONDS);
        assertThat(first.body()).as("the held poll is answered with a close packet").isEqualTo("1");
        assertThat(engine.get().body()).contains("\"code\":1");
    }

    /** Sends the second GET once the first is surely held (it never completes on its own here). */
    private static HttpResponse<String> awaitHeldThenGet(RawEngine engine, CompletableFuture<HttpResponse<String>> held)
            throws Exception {
        try {
            held.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("the first poll was not held");
        } catch (java.util.concurrent.TimeoutException expected) {
            return engine.get();
        }
    }

    @Test
    void aPollCarriesAtMost16PacketsAndTheRestFollowsInOrder() {
        RawEngine engine = RawEngine.open(base);
        engine.post("40");
        engine.next("40{\"sid\"");
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            if (i > 0) {
                batch.append(RawEngine.SEPARATOR);
            }
            batch.append("42[\"echo\",{\"text\":\"n").append(i).append("\"}]");
        }
        assertThat(engine.post(batch.toString()).body()).isEqualTo("ok");
        List<String> echoes = new ArrayList<>();
        while (echoes.size() < 40) {
            List<String> packets = engine.poll();
            assertThat(packets.size()).isLessThanOrEqualTo(16);
            packets.stream().filter(p -> p.startsWith("42[\"echo\"")).forEach(echoes::add);
        }
        for (int i = 0; i < 40; i++) {
            assertThat(echoes.get(i)).contains("\"text\":\"n" + i + "\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "4garbage", "42[\"echo\"", "42{\"not\":\"an array\"}", "43[]", "42123456789012345678[\"echo\",{}]",
            "42[\"connect\"]", "451-[\"echo\",{\"_placeholder\":true,\"num\":0}]" + RawEngine.SEPARATOR + "42[\"echo\",{}]",
            "451-[\"echo\",{\"_placeholder\":true,\"num\":3}]" + RawEngine.SEPARATOR + "bAQID", "499-[]",
            "9nonsense" })
    void aMalformedPacketEndsOnlyItsOwnSession(String payload) {
        RawEngine bystander = RawEngine.connected(base);
        RawEngine offender = RawEngine.connected(base);

        offender.post(payload);
        HttpResponse<String> after = offender.get();
        assertThat(after.body()).as("the offender's session is closed").matches("1|.*\"code\":1.*|.*\u001e1");

        bystander.post("42[\"echo\",{\"text\":\"still here\"}]");
        assertThat(bystander.next("42[\"echo\"")).contains("still here");
    }

    @Test
    void aFloodOfEventsIsRateLimitedLikeAWsClient() {
        RawEngine flooder = RawEngine.connected(base);
        StringBuilder flood = new StringBuilder();
        // 700 at once: the burst (400) and then at most 300 refusals in a row, under the 400 that
        // would close the session (hibiki.limits.rate-burst), however fast the server runs them.
        int events = 700;
        for (int i = 0; i < events; i++) {
            flood.append(i == 0 ? "" : RawEngine.SEPARATOR).append("42[\"echo\",{\"text\":\"f\"}]");
        }
        flooder.post(flood.toString());
        // Past the burst, events are refused with an error each, as frames are on /ws:
        // every event gets exactly one answer, an echo or a rate_limited error.
        long echoed = 0;
        long refused = 0;
        long deadline = System.nanoTime() + SioClient.WAIT.toNanos();
        while (echoed + refused < events && System.nanoTime() < deadline) {
            for (String packet : flooder.poll()) {
                if (packet.startsWith("42[\"echo\"")) {
                    echoed++;
                } else if (packet.startsWith("42[\"error\"") && packet.contains("rate_limited")) {
                    refused++;
                }
            }
        }
        assertThat(echoed + refused).isEqualTo(events);
        assertThat(echoed).isBetween(400L, events - 1L);
        assertThat(refused).isPositive();
    }

    @Test
    void anUnknownNamespaceIsRefusedAndTheSessionStays() {
        RawEngine engine = RawEngine.open(base);
        engine.post("40/nowhere,");
        assertThat(engine.next("44/nowhere,")).isEqualTo("44/nowhere,{\"message\":\"Invalid namespace\"}");
        engine.post("40");
        engine.next("40{");
    }

    @Test
    void socketIoSocketsAreCountedAndSessionsMeasured() {
        RawEngine engine = RawEngine.open(base);
        engine.post("40");
        String welcome = engine.next("42[\"welcome\"");
        String metrics = io.restassured.RestAssured.get(base.resolve("/q/metrics")).asString();
        assertThat(metrics).containsPattern("(?m)^hibiki_socketio_sessions(\\{[^}]*\\})? [1-9]");
        assertThat(welcome).contains("\"connections\":");
        String status = io.restassured.RestAssured.get(base.resolve("/api/status")).asString();
        assertThat(status).containsPattern("\"connections\":[1-9]");
    }

    @Test
    void anAckForNothingIsIgnored() {
        RawEngine engine = RawEngine.connected(base);
        engine.post("43/,7[\"late\"]" + RawEngine.SEPARATOR + "431[]" + RawEngine.SEPARATOR + "42[\"echo\",{\"text\":\"fine\"}]");
        assertThat(engine.next("42[\"echo\"")).contains("fine");
    }

    @Test
    void anEventOverMaxMessageBytesIsRefusedThenDisconnectedAndOthersCarryOn() {
        RawEngine bystander = RawEngine.connected(base);
        RawEngine engine = RawEngine.connected(base);
        engine.post("42[\"echo\",{\"text\":\"" + "x".repeat(70_000) + "\"}]");
        assertThat(engine.next("42[\"error\"")).contains("too_large");
        assertThat(engine.next("41")).isEqualTo("41");
        bystander.post("42[\"echo\",{\"text\":\"unaffected\"}]");
        assertThat(bystander.next("42[\"echo\"")).contains("unaffected");
    }

    @Test
    void aBodyOverMaxPayloadGets413AndEndsTheSession() {
        RawEngine engine = RawEngine.connected(base);
        HttpResponse<String> big = engine.post("42[\"echo\",{\"text\":\"" + "x".repeat(1_000_001) + "\"}]");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(engine.get().body()).matches("1|.*\"code\":1.*|.*\u001e1");
    }

    private String status(String path) {
        HttpResponse<String> response;
        try {
            response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response.statusCode() + " " + response.body();
    }
}
