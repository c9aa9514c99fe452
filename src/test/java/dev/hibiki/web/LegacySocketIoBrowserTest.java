package dev.hibiki.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Flask-SocketIO example's page with the socket.io browser clients of its day, 1.3.5 (what the
 * example loads from a CDN) and 2.5, both Engine.IO v3, in two headless Chromiums: connect, echo,
 * broadcast, join, a room event, leave, binary from one browser to the other, and the disconnect
 * request. Pinned to polling, a browser's XHR client sends and reads Engine.IO v3 binary payloads
 * (1.3.5 every payload, 2.5 those with binary in them); left alone it upgrades to a WebSocket.
 */
@QuarkusTest
class LegacySocketIoBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/sio-test/flask.html")
    URI page;

    @ParameterizedTest(name = "socket.io-client {0}.x, transports {1}")
    @CsvSource({ "1,polling", "1,upgrade", "2,polling" })
    void theFlaskExamplePageWorksWithItsOwnSocketIoClient(String version, String transports) {
        requireBundle("1".equals(version) ? SocketIoTestPages.BUNDLE_1 : SocketIoTestPages.BUNDLE_2);
        URI uri = URI.create(page + "?v=" + version + ("polling".equals(transports) ? "&transports=polling" : ""));
        try (Page aiko = Browsers.launch(Browsers.Notifications.BLOCK).open(uri);
                Page ben = Browsers.launch(Browsers.Notifications.BLOCK).open(uri)) {
            for (Page each : new Page[] { aiko, ben }) {
                await().atMost(WAIT).until(() -> each.text("log").contains("Received #0: Connected")
                        && each.text("log").contains("Received #1: I'm connected!"));
            }
            String nonce = Long.toString(System.nanoTime(), 36);

            submit(aiko, "emit_data", "hello " + nonce, "emit_go");
            await().atMost(WAIT).until(() -> aiko.text("log").contains("Received #2: hello " + nonce));

            submit(aiko, "broadcast_data", "to everyone " + nonce, "broadcast_go");
            await().atMost(WAIT).until(() -> ben.text("log").contains(": to everyone " + nonce));

            String room = "flask-legacy-" + nonce;
            submit(aiko, "join_room", room, "join_go");
            submit(ben, "join_room", room, "join_go");
            await().atMost(WAIT).until(() -> aiko.text("log").contains("In rooms: " + room)
                    && ben.text("log").contains("In rooms: " + room));
            aiko.type("room_name", room);
            submit(aiko, "room_data", "in the room " + nonce, "send_room_go");
            await().atMost(WAIT).until(() -> ben.text("log").contains(": in the room " + nonce));
            submit(aiko, "leave_room", room, "leave_go");
            await().atMost(WAIT).until(() -> aiko.text("log").lines().anyMatch(line -> line.strip().endsWith(": In rooms:")));

            aiko.click("bytes_go");
            await().atMost(WAIT).until(() -> ben.text("bytes").contains("010203ff") && aiko.text("bytes").contains("010203ff"));

            String expected = "polling".equals(transports) ? "polling,polling" : "websocket,websocket";
            await().atMost(WAIT).until(() -> expected.equals(aiko.js("return transports()")));

            aiko.click("disconnect_go");
            await().atMost(WAIT).until(() -> aiko.text("log").contains("Disconnected!") && "disconnected".equals(aiko.text("state")));
            assertThat(ben.text("state")).isEqualTo("connected");
        }
    }

    private static void submit(Page page, String field, String value, String button) {
        page.byId(field).clear();
        page.type(field, value);
        page.click(button);
    }

    private static void requireBundle(Path bundle) {
        boolean installed = Files.isReadable(bundle);
        if (!installed && "1".equals(System.getenv("HIBIKI_REQUIRE_NODE"))) {
            throw new AssertionError("HIBIKI_REQUIRE_NODE=1 but " + bundle + " is not installed (npm install in src/test/node)");
        }
        Assumptions.assumeTrue(installed, "npm install in src/test/node needed for " + bundle);
    }
}
