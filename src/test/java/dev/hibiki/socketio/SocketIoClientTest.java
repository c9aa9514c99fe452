package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;

import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.hibiki.socketio.SioClient.Transports;
import dev.hibiki.testing.PresenceFrames;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The official Java Socket.IO client joins the hub on every transport: long-polling only,
 * WebSocket only, and polling upgraded to WebSocket. Hibiki's own vocabulary on {@code /}: native
 * types as events with the native answer as the ack, hub frames as events, and /ws clients in the
 * same hub.
 */
@QuarkusTest
class SocketIoClientTest {

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aSocketIsWelcomedAndItsRequestsAreAnsweredAsAcks(Transports transports) throws Exception {
        try (SioClient client = SioClient.connected(base, "/", transports)) {
            JSONObject welcome = client.next("welcome").json();
            assertThat(welcome.getString("id")).isEqualTo(client.socket().id());
            assertThat(welcome.getInt("connections")).isPositive();

            Object[] echoed = client.call("echo", SioClient.json("text", "こんにちは"));
            JSONObject echo = (JSONObject) echoed[0];
            assertThat(echo.getString("type")).isEqualTo("echo");
            assertThat(echo.getString("text")).isEqualTo("こんにちは");
            assertThat(echo.has("re")).isFalse();

            JSONObject refused = (JSONObject) client.call("no_such_type", SioClient.json())[0];
            assertThat(refused.getJSONObject("error").getString("code")).isEqualTo("unknown_type");

            JSONObject badEcho = (JSONObject) client.call("echo", SioClient.json("text", 42))[0];
            assertThat(badEcho.getJSONObject("error").getString("code")).isEqualTo("bad_message");
            if (transports == Transports.UPGRADE) {
                await().atMost(SioClient.WAIT).until(() -> "websocket".equals(client.transport()));
                assertThat(client.call("echo", SioClient.json("text", "after upgrade"))[0].toString()).contains("after upgrade");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void broadcastsFlowBetweenSocketIoAndNativeClients(Transports transports) throws Exception {
        try (SioClient sio = SioClient.connected(base, "/", transports);
                WsClient ws = WsClient.joined(TestVertx.shared(), base, "native")) {
            sio.next("welcome");
            ws.send("broadcast", "text", "from ws");
            JSONObject fromWs = sio.next("broadcast", e -> "from ws".equals(e.json().optString("text"))).json();
            assertThat(fromWs.getJSONObject("from").getString("name")).isEqualTo("native");

            sio.emit("broadcast", SioClient.json("text", "from socket.io"));
            assertThat(ws.next(f -> "from socket.io".equals(f.path("text").asText()), "broadcast from socket.io")
                    .path("from").path("id").asText()).isEqualTo(sio.socket().id());
            String id = sio.socket().id();
            sio.close();
            ws.next(f -> PresenceFrames.announcesId(f, "disconnect", id), "presence disconnect of the socket");
        }
    }

    @org.junit.jupiter.api.Test
    void nothingIsLostOrReorderedWhileTheSessionUpgrades() throws Exception {
        try (SioClient client = SioClient.open(base, "/", Transports.UPGRADE, null, null)) {
            client.awaitConnected();
            for (int i = 0; i < 300; i++) {
                client.emit("echo", SioClient.json("text", "n" + i));
            }
            for (int i = 0; i < 300; i++) {
                String expected = "n" + i;
                SioClient.Event echo = client.next("echo");
                assertThat(echo.json().getString("text")).isEqualTo(expected);
            }
            await().atMost(SioClient.WAIT).until(() -> "websocket".equals(client.transport()));
        }
    }

    @org.junit.jupiter.api.Test
    void aPollingSocketThatStopsPollingIsClosedAsASlowClient() throws Exception {
        RawEngine stalled = RawEngine.open(base);
        stalled.post("40");
        String sid = stalled.next("40{");
        try (WsClient sender = WsClient.joined(TestVertx.shared(), base, "sender")) {
            String big = "x".repeat(60_000);
            // 20 broadcasts of 60 KB pass the 1 MiB bound of what may wait for a connection.
            for (int i = 0; i < 20; i++) {
                sender.send("broadcast", "text", big, "self", false);
            }
            sender.send("echo", "text", "sent");
            sender.next("echo");
        }
        // The session is gone: its next poll gets the close packet or "Session ID unknown".
        String answer = stalled.get().body();
        assertThat(answer).as("after " + sid).matches("(?s)(.*\u001e)?1|.*\"code\":1.*");
    }
}
