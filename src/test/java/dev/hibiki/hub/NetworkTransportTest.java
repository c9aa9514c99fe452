package dev.hibiki.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.netty.incubator.channel.uring.IOUring;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/** The event loops run on io_uring wherever the kernel allows it (docs/OPERATIONS.md, "Network transport"). */
@QuarkusTest
class NetworkTransportTest {

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URI base;

    @Test
    void eventLoopsUseIoUringWhereTheKernelAllowsItAndServeAsUsual() throws IOException {
        if (IOUring.isAvailable()) {
            assertTrue(vertx.isNativeTransportEnabled(), "io_uring is available here but the server runs on NIO");
            assertTrue(ioUringRings() > 0, "no io_uring instance among the process' file descriptors");
        } else {
            // Blocked (seccomp, kernel.io_uring_disabled, old kernel): Java NIO, and the reason is known.
            assertNotNull(vertx.unavailableNativeTransportCause());
        }
        try (WsClient client = WsClient.joined(TestVertx.shared(), base, "uring")) {
            client.send("echo", "text", "over the ring");
            assertEquals("over the ring", client.next("echo").path("text").asText());
        }
    }

    /** io_uring instances open in this process, as /proc shows them. */
    private static long ioUringRings() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("io_uring");
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }
}
