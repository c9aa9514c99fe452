package dev.hibiki.socketio;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * socket.io-client 1.3.5 under Node on a WebSocket, directly and by upgrade. Its WebSocket library
 * (ws 0.4) sends {@code Origin: host:port}, without a scheme, which no browser sends and Hibiki's
 * origin check refuses (403) unless the allow-list names it: this server lists it, as a deployment
 * serving such clients must (docs/SOCKETIO.md).
 */
@QuarkusTest
@TestProfile(LegacyNodeClientWebSocketTest.SchemelessOrigin.class)
class LegacyNodeClientWebSocketTest {

    public static class SchemelessOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hibiki.security.origins.allowed", "/localhost:\\\\d+/");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @ValueSource(strings = { "websocket", "upgrade" })
    void socketIoClient135TalksToTheHubOverAWebSocket(String mode) throws Exception {
        NodeClientsTest.talksToTheHub(base, "1", mode);
    }
}
