package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.hibiki.socketio.SioClient.Transports;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import dev.hibiki.testing.cluster.HubProcess;
import dev.hibiki.testing.cluster.RedisServer;

/**
 * Two packaged Hibiki nodes joined through a real redis-server: Socket.IO sockets on either node,
 * on WebSocket or long-polling (each session on one node), take part in the cluster's fan-out,
 * rooms and counts like /ws clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocketIoClusterIT {

    private RedisServer redis;
    private HubProcess n1;
    private HubProcess n2;

    @BeforeAll
    void start() {
        redis = new RedisServer().start();
        n1 = new HubProcess("n1", redis).start();
        n2 = new HubProcess("n2", redis).start();
    }

    @AfterAll
    void stop() {
        for (HubProcess node : List.of(n1, n2)) {
            if (node != null) {
                node.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void socketsOnBothNodesShareBroadcastsRoomsAndCounts() throws Exception {
        try (SioClient aiko = SioClient.connected(n1.baseUrl(), "/", Transports.WEBSOCKET);
                SioClient ben = SioClient.connected(n2.baseUrl(), "/", Transports.POLLING);
                WsClient native2 = WsClient.joined(TestVertx.shared(), n2.baseUrl(), "native");
                SioClient flask1 = SioClient.connected(n1.baseUrl(), "/test", Transports.UPGRADE)) {
            assertThat(ben.next("count_update", e -> e.json().optInt("user_count") >= 4).json().getInt("user_count"))
                    .isGreaterThanOrEqualTo(4);

            JSONObject message = SioClient.json("text", "across nodes");
            aiko.emit("send_message", message);
            assertThat(ben.next("receive_message").json().toString()).isEqualTo(message.toString());
            assertThat(native2.next("broadcast").path("data").path("text").asText()).isEqualTo("across nodes");

            String room = "cluster-" + System.nanoTime();
            flask1.emit("join", SioClient.json("room", room));
            flask1.next("my response", e -> e.json().optString("data").startsWith("In rooms"));
            native2.send("join", "room", room);
            native2.next("joined");
            flask1.emit("my room event", SioClient.json("room", room, "data", "room talk"));
            assertThat(native2.next("message").path("data").path("data").asText()).isEqualTo("room talk");

            native2.send("broadcast", "text", "from node 2");
            assertThat(aiko.next("receive_message", e -> "from node 2".equals(String.valueOf(e.args()[0])))).isNotNull();
        }
    }
}
