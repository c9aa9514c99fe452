package dev.hibiki.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** Rooms through real connections: membership, ordering, presence, closing, and the errors. */
@QuarkusTest
class RoomsTest {

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    private static String room() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void fence(WsClient client) {
        // Frames to one connection arrive in order: once this echo is here, nothing else is coming.
        client.send("echo", "text", "fence");
        client.next("echo");
    }

    @Test
    void membersJoinSeeEachOtherAndLeave() {
        String room = room();
        try (WsClient a = WsClient.joined(vertx, base, "a"); WsClient b = WsClient.joined(vertx, base, "b")) {
            a.sendRaw("{\"type\":\"join\",\"room\":\"" + room + "\",\"id\":1}");
            JsonNode joined = a.next("joined");
            assertThat(joined.path("room").asText()).isEqualTo(room);
            assertThat(joined.path("members").asInt()).isEqualTo(1);
            assertThat(joined.path("re").asInt()).isEqualTo(1);

            b.send("join", "room", room);
            assertThat(b.next("joined").path("members").asInt()).isEqualTo(2);
            JsonNode presence = a.next("room_presence");
            assertThat(presence.path("event").asText()).isEqualTo("join");
            assertThat(presence.path("who").path("name").asText()).isEqualTo("b");
            assertThat(presence.path("members").asInt()).isEqualTo(2);

            a.send("rooms");
            JsonNode list = a.next("rooms");
            assertThat(list.path("rooms").size()).isEqualTo(1);
            assertThat(list.path("rooms").get(0).path("room").asText()).isEqualTo(room);
            assertThat(list.path("rooms").get(0).path("members").asInt()).isEqualTo(2);

            b.send("leave", "room", room);
            assertThat(b.next("left").path("room").asText()).isEqualTo(room);
            JsonNode left = a.next("room_presence");
            assertThat(left.path("event").asText()).isEqualTo("leave");
            assertThat(left.path("members").asInt()).isEqualTo(1);
        }
    }

    @Test
    void messagesReachOnlyMembersInSeqOrder() {
        String room = room();
        try (WsClient a = WsClient.joined(vertx, base, "a"); WsClient b = WsClient.joined(vertx, base, "b");
                WsClient outsider = WsClient.joined(vertx, base, "outsider")) {
            a.send("join", "room", room);
            a.next("joined");
            b.send("join", "room", room);
            b.next("joined");
            for (int i = 1; i <= 5; i++) {
                a.send("publish", "room", room, "text", "m" + i);
            }
            for (int i = 1; i <= 5; i++) {
                JsonNode m = b.next("message");
                assertThat(m.path("text").asText()).isEqualTo("m" + i);
                assertThat(m.path("seq").asLong()).isEqualTo(i);
                assertThat(m.path("room").asText()).isEqualTo(room);
                assertThat(m.path("from").path("name").asText()).isEqualTo("a");
                assertThat(a.next("message").path("seq").asLong()).isEqualTo(i);
            }
            b.sendRaw("{\"type\":\"publish\",\"room\":\"" + room + "\",\"data\":{\"k\":\"v\"},\"self\":false}");
            JsonNode data = a.next("message");
            assertThat(data.path("data").path("k").asText()).isEqualTo("v");
            assertThat(data.path("seq").asLong()).isEqualTo(6);
            fence(b);
            assertThat(b.unread("message")).as("self:false skips the sender").isEmpty();
            fence(outsider);
            assertThat(outsider.all("message")).isEmpty();
        }
    }

    @Test
    void closingAConnectionLeavesItsRooms() {
        String room = room();
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.send("join", "room", room);
            a.next("joined");
            String bId;
            try (WsClient b = WsClient.joined(vertx, base, "b")) {
                b.send("join", "room", room);
                bId = b.next("joined").path("room").asText();
                a.next("room_presence");
            }
            JsonNode left = a.next("room_presence");
            assertThat(left.path("event").asText()).isEqualTo("leave");
            assertThat(left.path("who").path("name").asText()).isEqualTo("b");
            assertThat(left.path("members").asInt()).isEqualTo(1);
            assertThat(bId).isEqualTo(room);
        }
    }

    @Test
    void closeRoomRemovesEveryMember() {
        String room = room();
        try (WsClient a = WsClient.joined(vertx, base, "a"); WsClient b = WsClient.joined(vertx, base, "b")) {
            a.send("join", "room", room);
            a.next("joined");
            b.send("join", "room", room);
            b.next("joined");
            b.send("close_room", "room", room);
            assertThat(a.next("room_closed").path("room").asText()).isEqualTo(room);
            assertThat(b.next("room_closed").path("room").asText()).isEqualTo(room);
            a.send("rooms");
            assertThat(a.next("rooms").path("rooms").size()).isZero();
            a.send("publish", "room", room, "text", "anyone?");
            assertThat(a.next("error").path("code").asText()).isEqualTo("forbidden");
        }
    }

    @Test
    void roomErrorsAreDefined() {
        String room = room();
        try (WsClient a = WsClient.joined(vertx, base, "a"); WsClient b = WsClient.joined(vertx, base, "b")) {
            a.send("leave", "room", room);
            assertThat(a.next("error").path("code").asText()).isEqualTo("not_found");
            a.send("close_room", "room", room);
            assertThat(a.next("error").path("code").asText()).isEqualTo("not_found");
            a.send("join", "room", room);
            a.next("joined");
            a.send("join", "room", room);
            assertThat(a.next("error").path("code").asText()).isEqualTo("conflict");
            b.send("publish", "room", room, "text", "let me in");
            assertThat(b.next("error").path("code").asText()).isEqualTo("forbidden");
            b.send("close_room", "room", room);
            assertThat(b.next("error").path("code").asText()).isEqualTo("forbidden");
            a.send("join", "room", "x".repeat(65));
            assertThat(a.next("error").path("code").asText()).isEqualTo("bad_message");
            a.send("join", "room", "日本語の部屋");
            assertThat(a.next("joined").path("room").asText()).isEqualTo("日本語の部屋");
        }
    }
}
