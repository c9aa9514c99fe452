package dev.hibiki.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.netty.channel.epoll.Epoll;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * On Linux the shipped defaults run the event loops on Netty's native epoll (docs/OPERATIONS.md,
 * "Network transport"), and a client is served on them; NioTransportTest switches it off.
 */
@QuarkusTest
class DefaultTransportTest {

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URI base;

    @Test
    void onLinuxTheDefaultTransportIsEpollAndServesClients() throws IOException {
        // The jar carries epoll for x86_64 and arm64 Linux, where CI and the pods run; a developer's
        // Mac runs on NIO by design (docs/OPERATIONS.md), and NioTransportTest covers that path.
        String arch = System.getProperty("os.arch", "");
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64")),
                "epoll ships for Linux x86_64 and arm64 only");
        assertTrue(Epoll.isAvailable(), () -> "epoll cannot load here: " + Epoll.unavailabilityCause());
        assertTrue(vertx.isNativeTransportEnabled(), "the shipped defaults run on Java NIO");
        // Seen from outside the JVM's objects: Netty's epoll loops each hold a timerfd, which Java
        // NIO's selector never opens.
        assertTrue(OpenFiles.count("timerfd") > 0, "no timerfd open: the event loops are not Netty's epoll");
        try (WsClient client = WsClient.joined(TestVertx.shared(), base, "epoll")) {
            client.send("echo", "text", "over epoll");
            assertEquals("over epoll", client.next("echo").path("text").asText());
        }
    }
}
