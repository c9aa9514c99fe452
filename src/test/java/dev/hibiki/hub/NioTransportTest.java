package dev.hibiki.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * The native transport switched off as docs/OPERATIONS.md ("Network transport") says: the event
 * loops run on Java NIO and the hub serves as on epoll.
 */
@QuarkusTest
@TestProfile(NioTransportTest.NativeOff.class)
class NioTransportTest {

    /** {@code QUARKUS_VERTX_PREFER_NATIVE_TRANSPORT=false}, as an operator sets it. */
    public static class NativeOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.vertx.prefer-native-transport", "false");
        }
    }

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URI base;

    @Test
    void switchedOffTheEventLoopsRunOnJavaNioAndServeAsUsual() throws IOException {
        assertFalse(vertx.isNativeTransportEnabled(), "asked for Java NIO but runs on a native transport");
        try (WsClient client = WsClient.joined(TestVertx.shared(), base, "nio")) {
            client.send("echo", "text", "over nio");
            assertEquals("over nio", client.next("echo").path("text").asText());
        }
    }
}
