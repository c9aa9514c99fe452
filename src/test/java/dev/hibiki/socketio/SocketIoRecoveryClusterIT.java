package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.cluster.HubProcess;
import dev.hibiki.testing.cluster.RedisServer;

/**
 * Connection state recovery across nodes: the official JavaScript client drops off node 1 and
 * comes back on node 2, which finds its session in Redis and replays what it missed from the
 * room's history in Redis, so it sees {@code recovered} true, its id, its room and every message;
 * likewise when its node shuts down gracefully (a rolling restart).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocketIoRecoveryClusterIT {

    private static final String RECOVERY = "hibiki.socketio.recovery.enabled=true";

    private RedisServer redis;
    private HubProcess n1;
    private HubProcess n2;

    @BeforeAll
    void start() {
        NodeScript.requireNode();
        redis = new RedisServer().start();
        n1 = new HubProcess("n1", redis, RECOVERY).start();
        n2 = new HubProcess("n2", redis, RECOVERY).start();
    }

    @AfterAll
    void stop() {
        for (HubProcess node : new HubProcess[] { n1, n2 }) {
            if (node != null) {
                node.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "websocket", "polling" })
    void aClientDroppedByOneNodeRecoversOnTheOther(String transport) throws Exception {
        JsonNode seen = NodeScript.run("recovery.js", base(n1), "drop", transport, base(n2));
        assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isTrue();
        assertThat(seen.path("sameId").asBoolean()).isTrue();
        assertThat(seen.path("rooms")).hasSize(1);
        assertThat(NodeScript.strings(seen.path("got"))).containsExactly("m1", "m2", "m3", "m4");
        assertThat(NodeScript.strings(seen.path("nodes"))).as("welcomed by each node").containsExactly("n1", "n2");
    }

    @ParameterizedTest
    @ValueSource(strings = { "history-gone", "client-disconnect" })
    void whatCannotBeRecoveredOnOneNodeCannotOnTheOther(String scenario) throws Exception {
        JsonNode seen = NodeScript.run("recovery.js", base(n1), scenario, "websocket", base(n2));
        assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isFalse();
        assertThat(seen.path("rooms")).isEmpty();
        assertThat(NodeScript.strings(seen.path("got"))).isEqualTo(List.of("m1"));
    }

    @Test
    void aClientOfANodeThatShutsDownRecoversOnAnother() throws Exception {
        try (HubProcess n3 = new HubProcess("n3", redis, RECOVERY).start()) {
            NodeScript script = NodeScript.start(Map.of(), "recovery.js", base(n3), "node-stop", "websocket",
                    base(n1));
            script.awaitLine("{\"ready\":true}");
            n3.stop(); // graceful: the hub drains, its sockets' sessions go to Redis
            JsonNode seen = script.finish();
            assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isTrue();
            assertThat(seen.path("sameId").asBoolean()).isTrue();
            assertThat(NodeScript.strings(seen.path("got"))).containsExactly("m1", "m2", "m3", "m4");
            assertThat(NodeScript.strings(seen.path("nodes"))).containsExactly("n3", "n1");
        }
    }

    private static String base(HubProcess node) {
        return node.baseUrl().toString().replaceAll("/$", "");
    }
}
