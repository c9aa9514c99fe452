package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The official JavaScript clients under Node: socket.io-client 4 (Engine.IO v4), 2 and 1.3.5
 * (Engine.IO v3, what the Flask example's socket.io 1.x/2.x pages speak), on every transport (1.3.5:
 * polling here, WebSocket in {@link LegacyNodeClientWebSocketTest}), through Hibiki's vocabulary,
 * the chat (binary included) and the Flask example. Needs Node and {@code npm install} in
 * src/test/node; skipped without them unless HIBIKI_REQUIRE_NODE=1 (CI).
 */
@QuarkusTest
class NodeClientsTest {

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @CsvSource({ "4,polling", "4,websocket", "4,upgrade", "2,polling", "2,websocket", "2,upgrade", "1,polling" })
    void theJavaScriptClientTalksToTheHub(String version, String mode) throws Exception {
        talksToTheHub(base, version, mode);
    }

    /** Runs clients.js with one client version and transport and checks what it saw. */
    static void talksToTheHub(URI base, String version, String mode) throws Exception {
        NodeScript.requireNode();
        Process node = new ProcessBuilder("node", "clients.js", base.toString().replaceAll("/$", ""), version, mode)
                .directory(NodeScript.CLIENTS.toFile()).redirectErrorStream(true).start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String last = output.substring(output.lastIndexOf('\n') + 1);
        assertThat(node.exitValue()).as(output).isZero();
        JsonNode seen = new ObjectMapper().readTree(last);
        assertThat(seen.path("welcome").asBoolean()).isTrue();
        assertThat(seen.path("echo").asText()).isEqualTo("hello " + version);
        assertThat(seen.path("chat").asText()).isEqualTo("chat " + version);
        assertThat(seen.path("binary").asText()).isEqualTo("010203ff");
        assertThat(seen.path("flaskConnect").asText()).isEqualTo("Connected");
        assertThat(seen.path("flask").path("data").asText()).isEqualTo("flask " + version);
        assertThat(seen.path("flask").path("count").asInt()).isEqualTo(1);
        assertThat(seen.path("transport").asText()).isEqualTo("polling".equals(mode) ? "polling" : "websocket");
    }
}
