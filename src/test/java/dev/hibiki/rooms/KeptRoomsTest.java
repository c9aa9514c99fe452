package dev.hibiki.rooms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * Rooms kept only for their history cannot lock out live users: the room cap counts rooms with
 * members, as /api/status does, and the kept ones are bounded (the oldest emptied is forgotten).
 */
@QuarkusTest
@TestProfile(KeptRoomsTest.SmallTable.class)
class KeptRoomsTest {

    public static class SmallTable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hibiki.rooms.max-rooms", "5", "hibiki.rooms.history.max-empty-rooms", "3");
        }
    }

    @TestHTTPResource("/")
    URI base;

    Vertx vertx = TestVertx.shared();

    private static int roomsInStatus() {
        return given().get("/api/status").then().statusCode(200).extract().path("rooms");
    }

    @Test
    void roomsLeftWithHistoryDoNotLockOutNewJoinsAndTheOldestAreForgotten() {
        try (WsClient squatter = WsClient.joined(vertx, base, "squatter")) {
            for (int i = 0; i < 5; i++) {
                squatter.send("join", "room", "kept-" + i);
                squatter.next("joined");
                squatter.send("publish", "room", "kept-" + i, "text", "m" + i);
                squatter.next("message");
            }
            squatter.send("join", "room", "one-too-many");
            assertThat(squatter.next("error").path("code").asText()).isEqualTo("forbidden");
            for (int i = 0; i < 5; i++) {
                squatter.send("leave", "room", "kept-" + i);
                squatter.next("left");
            }
        }
        await().atMost(WsClient.WAIT).until(() -> roomsInStatus() == 0);

        try (WsClient user = WsClient.joined(vertx, base, "user")) {
            user.send("join", "room", "fresh");
            JsonNode joined = user.next(f -> !"presence".equals(f.path("type").asText())
                    && ("joined".equals(f.path("type").asText()) || "error".equals(f.path("type").asText())), "answer");
            assertThat(joined.path("type").asText()).as(joined.toString()).isEqualTo("joined");
            assertThat(roomsInStatus()).isEqualTo(1);

            // The three rooms emptied last are still recoverable ...
            user.send("join", "room", "kept-4", "since", 0);
            assertThat(user.next("message").path("text").asText()).isEqualTo("m4");
            assertThat(user.next("joined").path("recovered").asBoolean()).isTrue();
            // ... the two emptied first were forgotten: their seq starts over.
            user.send("join", "room", "kept-0", "since", 1);
            assertThat(user.next("joined").path("recovered").asBoolean()).isFalse();
            assertThat(roomsInStatus()).isEqualTo(3);

            // Joining a kept room makes it a room with members again: it counts against the cap.
            for (String room : new String[] { "x1", "x2" }) {
                user.send("join", "room", room);
                user.next("joined");
            }
            user.send("join", "room", "kept-3", "since", 0);
            assertThat(user.next("error").path("code").asText()).isEqualTo("forbidden");
            assertThat(roomsInStatus()).isEqualTo(5);
        }
    }
}
