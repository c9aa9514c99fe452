package dev.hibiki.web;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A page written like the seeds' (the official socket.io browser client, served locally) works in
 * headless Chromium against Hibiki: the chat and the shared textarea between two browsers, and a
 * native /ws broadcast showing in the chat.
 */
@QuarkusTest
class SocketIoPageBrowserTest {

    @TestHTTPResource("/sio-test/seed.html")
    URI page;

    @TestHTTPResource("/")
    URI base;

    @Test
    void twoBrowsersChatAndShareTheTextareaThroughSocketIo() {
        boolean bundle = Files.isReadable(SocketIoTestPages.BUNDLE);
        if (!bundle && "1".equals(System.getenv("HIBIKI_REQUIRE_NODE"))) {
            throw new AssertionError("HIBIKI_REQUIRE_NODE=1 but the socket.io bundle is not installed in src/test/node");
        }
        Assumptions.assumeTrue(bundle, "npm install in src/test/node needed for the browser bundle");
        try (Page aiko = Browsers.launch(Browsers.Notifications.BLOCK).open(page);
                Page ben = Browsers.launch(Browsers.Notifications.BLOCK).open(page)) {
            Duration wait = Duration.ofSeconds(15);
            await().atMost(wait).until(() -> !"?".equals(ben.text("count")) && Integer.parseInt(ben.text("count")) >= 2);

            aiko.type("msg", "hello from a browser");
            aiko.click("send");
            await().atMost(wait).until(() -> ben.text("messages").contains("hello from a browser"));

            String typed = "typed " + System.nanoTime();
            aiko.type("text", typed);
            await().atMost(wait).until(() -> String.valueOf(ben.js("return document.getElementById('text').value")).contains(typed));

            try (WsClient native1 = WsClient.joined(TestVertx.shared(), base, "native")) {
                native1.send("broadcast", "data", java.util.Map.of("text", "from /ws"));
                await().atMost(wait).until(() -> aiko.text("messages").contains("from /ws"));
            }
        }
    }
}
