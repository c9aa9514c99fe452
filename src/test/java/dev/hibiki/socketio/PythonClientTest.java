package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Debian's python3-socketio client (python-engineio 4.3, which reads at most 16 packets per
 * polling response) on both transports. Skipped without it unless HIBIKI_REQUIRE_PYTHON_SOCKETIO=1 (CI).
 */
@QuarkusTest
class PythonClientTest {

    /** Debian's interpreter, where apt installs python3-socketio (a pyenv python3 may come first on PATH). */
    private static final String PYTHON = java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3"
            : "python3";

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @ValueSource(strings = { "polling", "websocket" })
    void thePythonClientGetsEveryAnswerInOrder(String transport) throws Exception {
        requirePythonClient();
        Process python = new ProcessBuilder(PYTHON, "sio_client.py", base.toString().replaceAll("/$", ""), transport)
                .directory(Path.of("src/test/python").toFile()).redirectErrorStream(true).start();
        assertThat(python.waitFor(40, TimeUnit.SECONDS)).as("python finished").isTrue();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(python.exitValue()).as(output).isZero();
        JsonNode seen = new ObjectMapper().readTree(output.substring(output.lastIndexOf('\n') + 1));
        assertThat(seen.path("welcome").asText()).isEqualTo("python");
        assertThat(seen.path("ack").path("text").asText()).isEqualTo("with ack");
        assertThat(seen.path("complete").asBoolean()).as(output).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add("n" + i);
        }
        List<String> echoes = new ArrayList<>();
        seen.path("echoes").forEach(e -> echoes.add(e.asText()));
        assertThat(echoes.stream().filter(e -> e.startsWith("n")).toList()).isEqualTo(expected);
        assertThat(seen.path("transport").asText()).isEqualTo(transport);
    }

    private static void requirePythonClient() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import socketio, websocket").redirectErrorStream(true).start();
        boolean installed = probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!installed && "1".equals(System.getenv("HIBIKI_REQUIRE_PYTHON_SOCKETIO"))) {
            throw new AssertionError("HIBIKI_REQUIRE_PYTHON_SOCKETIO=1 but python3-socketio is missing");
        }
        Assumptions.assumeTrue(installed, "python3-socketio and python3-websocket needed (apt)");
    }
}
