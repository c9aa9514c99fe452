package dev.hibiki.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Per-message compression switched on (off by default): the tests of that mode share one application. */
public class CompressionOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.websockets-next.server.per-message-compression-supported", "true");
    }
}
