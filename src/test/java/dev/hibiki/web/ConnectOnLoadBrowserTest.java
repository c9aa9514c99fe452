package dev.hibiki.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The page a new user opens: it is connected without pressing anything, so typing into the shared
 * text reaches the others; the name field still works (Connect reconnects under the new name);
 * and others' text edits stay out of the Received log unless asked for.
 */
@QuarkusTest
class ConnectOnLoadBrowserTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void thePageConnectsOnLoadAndWhatIsTypedReachesOthers() {
        String doc = "onload-" + UUID.randomUUID().toString().substring(0, 8);
        URI page = root.resolve("/?doc=" + URLEncoder.encode(doc, StandardCharsets.UTF_8));
        try (Page aiko = Browsers.launch(Browsers.Notifications.BLOCK).open(page);
             Page ben = Browsers.launch(Browsers.Notifications.BLOCK).open(page)) {
            // Nobody pressed Connect.
            aiko.awaitConnected();
            ben.awaitConnected();
            await().atMost(Page.WAIT).until(() -> Boolean.TRUE.equals(aiko.js("return window.hibiki.text.ready")));
            await().atMost(Page.WAIT).until(() -> Boolean.TRUE.equals(ben.js("return window.hibiki.text.ready")));
            aiko.type("shared-text", "typed at once");
            await().atMost(Page.WAIT).until(() -> "typed at once".equals(ben.sharedText()));

            // Others' edits arrive as text_op frames: logged, but hidden until the toggle is on.
            await().atMost(Page.WAIT).until(() -> !ben.logged("text_op").isEmpty());
            assertTrue(ben.shown("text_op").isEmpty(), "text_op hidden by default");
            ben.click("log-frequent");
            assertFalse(ben.shown("text_op").isEmpty(), "text_op shown when asked for");

            // The name field is usable while connected: Connect reconnects under the new name.
            String firstId = aiko.connectionId();
            aiko.connect("Aiko");
            assertTrue(aiko.text("my-id").startsWith("Aiko · "));
            assertFalse(firstId.equals(aiko.connectionId()), "a new connection under the new name");
            assertEquals(2, aiko.logged("welcome").size());
            // The text is still shared on the new connection.
            aiko.type("shared-text", "!");
            await().atMost(Page.WAIT).until(() -> "typed at once!".equals(ben.sharedText()));
        }
    }

    @Test
    void connectZeroOpensThePageDisconnected() {
        try (Page page = Browsers.launch(Browsers.Notifications.BLOCK).open(root.resolve("/?connect=0"))) {
            assertEquals("disconnected", page.state());
            page.connect("Later");
        }
    }
}
