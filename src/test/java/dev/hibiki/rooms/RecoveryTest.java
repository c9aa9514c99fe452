package dev.hibiki.rooms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;

/** Nothing lost across a reconnect: `join {room, since}` replays what was missed, or says it cannot. */
@QuarkusTest
class RecoveryTest {

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    private static String room() {
        return "recover-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aReconnectingMemberGetsEveryMissedMessageThenJoined() {
        String room = room();
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.send("join", "room", room);
            a.next("joined");
            long lastSeen;
            try (WsClient b = WsClient.joined(vertx, base, "b")) {
                b.send("join", "room", room);
                b.next("joined");
                for (int i = 1; i <= 3; i++) {
                    a.send("publish", "room", room, "text", "before-" + i);
                }
                JsonNode last = null;
                for (int i = 1; i <= 3; i++) {
                    last = b.next("message");
                }
                lastSeen = last.path("seq").asLong();
            }
            for (int i = 1; i <= 4; i++) {
                a.send("publish", "room", room, "text", "missed-" + i);
            }
            for (int i = 1; i <= 4; i++) {
                a.next(f -> "message".equals(f.path("type").asText()) && f.path("text").asText().startsWith("missed"),
                        "own message");
            }
            try (WsClient back = WsClient.joined(vertx, base, "b")) {
                back.send("join", "room", room, "since", lastSeen);
                for (int i = 1; i <= 4; i++) {
                    JsonNode missed = back.next("message");
                    assertThat(missed.path("text").asText()).isEqualTo("missed-" + i);
                    assertThat(missed.path("seq").asLong()).isEqualTo(lastSeen + i);
                }
                JsonNode joined = back.next("joined");
                assertThat(joined.path("recovered").asBoolean()).isTrue();
                assertThat(joined.path("members").asInt()).isEqualTo(2);
                // The joined frame came after every replayed message.
                assertThat(back.all("message")).hasSize(4);
                // Live messages continue the sequence.
                a.send("publish", "room", room, "text", "live");
                assertThat(back.next("message").path("seq").asLong()).isEqualTo(lastSeen + 5);
            }
        }
    }

    @Test
    void anEmptiedRoomKeepsItsHistoryForTheMemberComingBack() {
        String room = room();
        long seen;
        try (WsClient alone = WsClient.joined(vertx, base, "alone")) {
            alone.send("join", "room", room);
            alone.next("joined");
            alone.send("publish", "room", room, "text", "one");
            seen = alone.next("message").path("seq").asLong();
        }
        // Another server keeps publishing while nobody is connected.
        for (String text : new String[] { "two", "three" }) {
            given().contentType(ContentType.JSON).body("{\"text\":\"" + text + "\"}")
                    .post("/api/rooms/" + room + "/messages").then().statusCode(200).body("delivered", equalTo(0));
        }
        try (WsClient back = WsClient.joined(vertx, base, "alone")) {
            back.send("join", "room", room, "since", seen);
            assertThat(back.next("message").path("text").asText()).isEqualTo("two");
            assertThat(back.next("message").path("text").asText()).isEqualTo("three");
            assertThat(back.next("joined").path("recovered").asBoolean()).isTrue();
        }
    }

    @Test
    void aGapOlderThanTheHistoryIsReportedNotPapered() {
        String room = room();
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.send("join", "room", room);
            a.next("joined");
            for (int i = 0; i < 105; i++) { // history keeps 100
                given().contentType(ContentType.JSON).body("{\"text\":\"m" + i + "\"}")
                        .post("/api/rooms/" + room + "/messages").then().statusCode(200);
            }
            try (WsClient late = WsClient.joined(vertx, base, "late")) {
                late.send("join", "room", room, "since", 1);
                JsonNode joined = late.next("joined");
                assertThat(joined.path("recovered").asBoolean()).isFalse();
                assertThat(late.all("message")).as("nothing replayed when the gap cannot be filled").isEmpty();
            }
            try (WsClient ahead = WsClient.joined(vertx, base, "ahead")) {
                ahead.send("join", "room", room, "since", 10_000);
                assertThat(ahead.next("joined").path("recovered").asBoolean()).isFalse();
            }
            try (WsClient current = WsClient.joined(vertx, base, "current")) {
                current.send("join", "room", room, "since", 105);
                assertThat(current.next("joined").path("recovered").asBoolean()).isTrue();
            }
            try (WsClient plain = WsClient.joined(vertx, base, "plain")) {
                plain.send("join", "room", room);
                assertThat(plain.next("joined").has("recovered")).isFalse();
            }
        }
    }
}
