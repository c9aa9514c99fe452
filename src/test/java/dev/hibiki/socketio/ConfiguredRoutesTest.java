package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import dev.hibiki.socketio.SioClient.Transports;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Event routes declared in configuration move a Socket.IO front-end's events without server code. */
@QuarkusTest
@TestProfile(ConfiguredRoutesTest.Routes.class)
class ConfiguredRoutesTest {

    public static class Routes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hibiki.socketio.routes.\"chat message\".to", "everyone",
                    "hibiki.socketio.routes.typing.to", "others",
                    "hibiki.socketio.routes.typing.fields", "user",
                    "hibiki.socketio.routes.say.to", "room",
                    "hibiki.socketio.routes.say.emit", "said",
                    "hibiki.socketio.routes.whoami.to", "sender",
                    "hibiki.socketio.routes.whoami.emit", "you",
                    "hibiki.socketio.routes.whoami.namespace", "/app");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aRoutedEventReachesSocketsAndNativeClients() throws Exception {
        try (SioClient aiko = SioClient.connected(base, "/", Transports.WEBSOCKET);
                SioClient ben = SioClient.connected(base, "/", Transports.POLLING);
                WsClient native1 = WsClient.joined(TestVertx.shared(), base, "native")) {
            JSONObject ack = (JSONObject) aiko.call("chat message", "hi there")[0];
            assertThat(ack.getInt("delivered")).isGreaterThanOrEqualTo(3);
            assertThat(ben.next("chat message").args()[0]).isEqualTo("hi there");
            assertThat(aiko.next("chat message").args()[0]).isEqualTo("hi there");
            assertThat(native1.next("event").path("data").asText()).isEqualTo("hi there");

            aiko.emit("typing", SioClient.json("user", "aiko", "secret", 1));
            assertThat(ben.next("typing").json().toString()).isEqualTo("{\"user\":\"aiko\"}");
            aiko.call("echo", SioClient.json("text", "barrier"));
            assertThat(aiko.all("typing")).as("others only").isEmpty();
        }
    }

    @Test
    void roomAndSenderRoutes() throws Exception {
        String room = "routes-" + System.nanoTime();
        try (SioClient aiko = SioClient.connected(base, "/", Transports.UPGRADE);
                SioClient app = SioClient.connected(base, "/app", Transports.WEBSOCKET);
                WsClient member = WsClient.joined(TestVertx.shared(), base, "member")) {
            assertThat(((JSONObject) aiko.call("join", SioClient.json("room", room))[0]).getString("type")).isEqualTo("joined");
            member.send("join", "room", room);
            member.next("joined");
            aiko.emit("say", SioClient.json("room", room, "words", "hello room"));
            assertThat(aiko.next("said").json().getString("words")).isEqualTo("hello room");
            assertThat(member.next("message").path("data").path("payload").path("words").asText()).isEqualTo("hello room");

            JSONObject answer = (JSONObject) app.call("whoami", SioClient.json("q", 1))[0];
            assertThat(answer.getInt("delivered")).isEqualTo(1);
            assertThat(app.next("you").json().getInt("q")).isEqualTo(1);
        }
    }
}
