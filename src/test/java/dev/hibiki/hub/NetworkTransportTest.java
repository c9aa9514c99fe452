package dev.hibiki.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.netty.incubator.channel.uring.IOUring;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * io_uring switched on as docs/OPERATIONS.md ("Network transport") says: the event loops run on it
 * wherever the kernel allows it, and the hub serves as on the default Java NIO.
 */
@QuarkusTest
@TestProfile(NetworkTransportTest.IoUringOn.class)
class NetworkTransportTest {

    /** {@code QUARKUS_VERTX_PREFER_NATIVE_TRANSPORT=true}, as an operator sets it. */
    public static class IoUringOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.vertx.prefer-native-transport", "true");
        }
    }

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URI base;

    @Test
    void switchedOnTheEventLoopsUseIoUringWhereTheKernelAllowsItAndServeAsUsual() throws IOException {
        if (IOUring.isAvailable()) {
            assertTrue(vertx.isNativeTransportEnabled(), "io_uring is available here but the server runs on NIO");
            assertTrue(IoUringRings.count() > 0, "no io_uring instance among the process' file descriptors");
        } else {
            // Blocked (seccomp, kernel.io_uring_disabled, old kernel): Java NIO, and the reason is known.
            assertNotNull(vertx.unavailableNativeTransportCause());
        }
        try (WsClient client = WsClient.joined(TestVertx.shared(), base, "uring")) {
            client.send("echo", "text", "over the ring");
            assertEquals("over the ring", client.next("echo").path("text").asText());
        }
    }
}
