package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Connection state recovery with the official JavaScript client (socket.io-client 4.8 under Node,
 * src/test/node/recovery.js) with recovery switched on (it is opt-in): a client whose transport dropped comes
 * back with {@code recovered} true, its id, its room and the room messages it missed, once and in
 * order; when the room no longer keeps them, or the client left on its own, it connects afresh.
 */
@QuarkusTest
@TestProfile(RecoveryOn.class)
class SocketIoRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    /**
     * {@code drop}: the test reconnects the client; {@code auto-drop}: the client reconnects by
     * itself; {@code drop-twice}: a drop with nothing missed, then one with misses (the second
     * recovery starts from the offset the client had before the first).
     */
    @ParameterizedTest
    @CsvSource({ "drop,websocket", "drop,polling", "auto-drop,websocket", "auto-drop,polling", "drop-twice,websocket" })
    void aDroppedClientGetsItsRoomAndWhatItMissed(String scenario, String transport) throws Exception {
        JsonNode seen = NodeScript.run("recovery.js", base(), scenario, transport);
        assertThat(seen.path("firstRecovered").asBoolean()).isFalse();
        assertThat(seen.path("joined").asBoolean()).isTrue();
        assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isTrue();
        assertThat(seen.path("sameId").asBoolean()).isTrue();
        assertThat(seen.path("rooms")).hasSize(1);
        assertThat(NodeScript.strings(seen.path("got"))).containsExactly("m1", "m2", "m3", "m4");
        assertThat(seen.path("transport").asText()).isEqualTo(transport);
        if (scenario.equals("drop-twice")) {
            assertThat(seen.path("recoveredFirst").asBoolean()).isTrue();
        }
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

    @Test
    void aSocketGetsAPidAndRoomEventsEndWithTheirOffset() throws Exception {
        RawEngine engine = RawEngine.open(base);
        engine.post("40");
        JsonNode answer = JSON.readTree(engine.next("40{").substring(2));
        assertThat(answer.path("pid").asText()).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo(answer.path("sid").asText());
        String room = "offsets-" + System.nanoTime();
        engine.post("421[\"join\",{\"room\":\"" + room + "\"}]");
        engine.next("431[");
        engine.post("42[\"publish\",{\"room\":\"" + room + "\",\"text\":\"hi\"}]");
        JsonNode event = JSON.readTree(engine.next("42[\"message\"").substring(2));
        assertThat(event).hasSize(3);
        assertThat(event.get(1).path("seq").asLong()).isEqualTo(1);
        assertThat(event.get(2).asText()).as("the offset, last").matches("1-[0-9a-z]{8}");
        engine.post("1");
    }

    @Test
    void aConnectWithAnUnknownOrMalformedPidGetsAFreshSocket() throws Exception {
        RawEngine unknown = RawEngine.open(base);
        unknown.post("40{\"pid\":\"nope\",\"offset\":\"1-abcdefgh\"}");
        JsonNode fresh = JSON.readTree(unknown.next("40{").substring(2));
        assertThat(fresh.path("sid").asText()).isNotEmpty();
        assertThat(fresh.path("pid").asText()).isNotEmpty().isNotEqualTo("nope");

        RawEngine malformed = RawEngine.open(base);
        malformed.post("40{\"pid\":42,\"offset\":[]}");
        assertThat(JSON.readTree(malformed.next("40{").substring(2)).path("pid").asText()).isNotEmpty();
        unknown.post("1");
        malformed.post("1");
    }

    @Test
    void anEngineIoCloseLeavesTheSessionToRecoverButAProtocolViolationDoesNot() throws Exception {
        RawEngine closed = RawEngine.open(base);
        closed.post("40");
        JsonNode first = JSON.readTree(closed.next("40{").substring(2));
        closed.post("1"); // the client's Engine.IO close, as socket.io.engine.close() sends on polling
        JsonNode back = reconnect(first);
        assertThat(back.path("pid").asText()).as("recovered").isEqualTo(first.path("pid").asText());
        assertThat(back.path("sid").asText()).isEqualTo(first.path("sid").asText());

        RawEngine broken = RawEngine.open(base);
        broken.post("40");
        JsonNode second = JSON.readTree(broken.next("40{").substring(2));
        broken.post("42[\"unterminated"); // a malformed Socket.IO packet: the session is closed (parse error)
        JsonNode fresh = reconnect(second);
        assertThat(fresh.path("pid").asText()).as("not recovered").isNotEqualTo(second.path("pid").asText());
        assertThat(fresh.path("sid").asText()).isNotEqualTo(second.path("sid").asText());
    }

    /** A new session's CONNECT with the pid of {@code answer}; returns the connect answer. */
    private JsonNode reconnect(JsonNode answer) throws Exception {
        RawEngine engine = RawEngine.open(base);
        engine.post("40{\"pid\":\"" + answer.path("pid").asText() + "\"}");
        JsonNode connected = JSON.readTree(engine.next("40{").substring(2));
        engine.post("1");
        return connected;
    }

    private String base() {
        return base.toString().replaceAll("/$", "");
    }
}
