package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Connection state recovery with the official JavaScript client (socket.io-client 4.8 under Node,
 * src/test/node/recovery.js) on the default configuration: a client whose transport dropped comes
 * back with {@code recovered} true, its id, its room and the room messages it missed, once and in
 * order; when the room no longer keeps them, or the client left on its own, it connects afresh.
 */
@QuarkusTest
class SocketIoRecoveryTest {

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @ValueSource(strings = { "websocket", "polling" })
    void aDroppedClientGetsItsRoomAndWhatItMissed(String transport) throws Exception {
        JsonNode seen = NodeScript.run("recovery.js", base(), "drop", transport);
        assertThat(seen.path("firstRecovered").asBoolean()).isFalse();
        assertThat(seen.path("joined").asBoolean()).isTrue();
        assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isTrue();
        assertThat(seen.path("sameId").asBoolean()).isTrue();
        assertThat(seen.path("rooms")).hasSize(1);
        assertThat(NodeScript.strings(seen.path("got"))).containsExactly("m1", "m2", "m3", "m4");
        assertThat(seen.path("transport").asText()).isEqualTo(transport);
    }

    @Test
    void aClientThatMissedMoreThanTheRoomKeepsConnectsAfresh() throws Exception {
        JsonNode seen = NodeScript.run("recovery.js", base(), "history-gone", "websocket");
        assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isFalse();
        assertThat(seen.path("sameId").asBoolean()).isFalse();
        assertThat(seen.path("rooms")).as("a fresh socket is in no room").isEmpty();
        assertThat(NodeScript.strings(seen.path("got"))).as("nothing of the failed attempt leaks")
                .isEqualTo(List.of("m1"));
    }

    @Test
    void aClientThatDisconnectedItselfLeavesNothingToRecover() throws Exception {
        JsonNode seen = NodeScript.run("recovery.js", base(), "client-disconnect", "websocket");
        assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isFalse();
        assertThat(seen.path("sameId").asBoolean()).isFalse();
        assertThat(seen.path("rooms")).isEmpty();
        assertThat(NodeScript.strings(seen.path("got"))).containsExactly("m1");
    }

    private String base() {
        return base.toString().replaceAll("/$", "");
    }
}
