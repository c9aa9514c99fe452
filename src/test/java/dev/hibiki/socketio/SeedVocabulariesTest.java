package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import dev.hibiki.socketio.SioClient.Transports;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The seeds' Socket.IO pages talk to Hibiki unchanged: the shared textarea and the chat on
 * {@code /}, the Flask-SocketIO example on {@code /test}, each interoperating with {@code /ws}
 * clients (shared text, broadcasts, rooms).
 */
@QuarkusTest
class SeedVocabulariesTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theTextareaIsHibikisSharedTextForSocketIoAndNativeEditors() throws Exception {
        try (SioClient aiko = SioClient.connected(base, "/", Transports.WEBSOCKET);
                WsClient editor = WsClient.joined(TestVertx.shared(), base, "editor");
                SioClient ben = SioClient.connected(base, "/", Transports.POLLING)) {
            assertThat(aiko.next("text_update").json().has("text")).isTrue();
            ben.next("text_update");
            editor.next("text");
            JSONObject count = aiko.next("count_update", e -> e.json().optInt("user_count") >= 3).json();
            assertThat(count.getInt("user_count")).isGreaterThanOrEqualTo(3);

            String text = "shared " + System.nanoTime();
            aiko.emit("text_update_request", SioClient.json("text", text));
            assertThat(ben.next("text_update", e -> text.equals(e.json().optString("text"))).json().getString("text")).isEqualTo(text);
            assertThat(editor.next("text_op").path("from").path("id").asText()).isEqualTo(aiko.socket().id());
            aiko.call("echo", SioClient.json("text", "barrier"));
            assertThat(aiko.all("text_update")).as("the sender gets no update of its own text")
                    .noneMatch(e -> text.equals(e.json().optString("text")));

            aiko.emit("send_notification_request", SioClient.json("text", "ding", "num", 3));
            JSONObject notification = ben.next("send_notification").json();
            assertThat(notification.getString("body")).isEqualTo("ding");
            assertThat(notification.getInt("data1")).isEqualTo(3);
            assertThat(notification.has("title")).isTrue();
            assertThat(editor.next("notification").path("body").asText()).isEqualTo("ding");
        }
    }

    @Test
    void theChatRelaysAnyPayloadUnchangedToEveryoneAndMeetsNativeBroadcasts() throws Exception {
        try (SioClient aiko = SioClient.connected(base, "/", Transports.UPGRADE);
                SioClient ben = SioClient.connected(base, "/", Transports.POLLING);
                WsClient native1 = WsClient.joined(TestVertx.shared(), base, "native")) {
            JSONObject message = SioClient.json("user", "aiko", "text", "こんにちは", "n", 7);
            aiko.emit("send_message", message);
            for (SioClient client : new SioClient[] { aiko, ben }) {
                JSONObject got = client.next("receive_message").json();
                assertThat(got.toString()).isEqualTo(message.toString());
            }
            assertThat(native1.next("broadcast").path("data").path("text").asText()).isEqualTo("こんにちは");

            byte[] bytes = { 0, 1, 2, (byte) 0xff };
            aiko.emit("send_message", (Object) bytes);
            assertThat((byte[]) ben.next("receive_message", e -> e.args()[0] instanceof byte[]).args()[0]).containsExactly(bytes);
            assertThat((byte[]) aiko.next("receive_message", e -> e.args()[0] instanceof byte[]).args()[0]).containsExactly(bytes);

            native1.send("broadcast", "text", "from the native side");
            assertThat(ben.next("receive_message", e -> "from the native side".equals(String.valueOf(e.args()[0]))))
                    .isNotNull();
        }
    }

    @Test
    void theFlaskExampleRunsOnTestWithHibikisRooms() throws Exception {
        try (SioClient aiko = SioClient.connected(base, "/test", Transports.UPGRADE);
                SioClient ben = SioClient.connected(base, "/test", Transports.WEBSOCKET);
                WsClient member = WsClient.joined(TestVertx.shared(), base, "member")) {
            assertThat(aiko.next("my response").json().toString()).isEqualTo("{\"data\":\"Connected\",\"count\":0}");
            ben.next("my response");

            aiko.emit("my event", SioClient.json("data", "hello"));
            assertThat(aiko.next("my response", e -> "hello".equals(e.json().opt("data"))).json().getInt("count")).isEqualTo(1);

            aiko.emit("my broadcast event", SioClient.json("data", "to all"));
            for (SioClient client : new SioClient[] { aiko, ben }) {
                assertThat(client.next("my response", e -> "to all".equals(e.json().opt("data"))).json().getInt("count"))
                        .isEqualTo(2);
            }

            String room = "flask-" + System.nanoTime();
            aiko.emit("join", SioClient.json("room", room));
            assertThat(aiko.next("my response", e -> e.json().optString("data").startsWith("In rooms")).json().getString("data"))
                    .isEqualTo("In rooms: " + room);
            member.send("join", "room", room);
            member.next("joined");

            aiko.emit("my room event", SioClient.json("room", room, "data", "room talk"));
            assertThat(member.next("message").path("data").path("data").asText()).isEqualTo("room talk");
            assertThat(aiko.next("my response", e -> "room talk".equals(e.json().opt("data"))).json().getInt("count")).isEqualTo(4);

            ben.emit("my room event", SioClient.json("room", room, "data", "not a member"));
            assertThat(ben.next("error").json().getString("code")).isEqualTo("forbidden");

            aiko.emit("my ping");
            aiko.next("my pong");
            aiko.next("my response", e -> "Server generated event".equals(e.json().opt("data")));

            aiko.emit("disconnect request");
            assertThat(aiko.next("my response", e -> "Disconnected!".equals(e.json().opt("data")))).isNotNull();
            assertThat(aiko.awaitDisconnect()).isEqualTo("io server disconnect");
        }
    }
}
