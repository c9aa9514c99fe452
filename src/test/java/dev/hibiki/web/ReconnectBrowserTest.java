package dev.hibiki.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the server closes the connection the page comes back by itself, into the same rooms. */
@QuarkusTest
class ReconnectBrowserTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void pageReconnectsAfterTheServerClosesAndRejoinsItsRooms() {
        try (Page page = Browsers.launch(Browsers.Notifications.BLOCK).open(root).connect("Aiko")) {
            String room = "again-" + UUID.randomUUID().toString().substring(0, 8);
            page.type("room-name", room);
            page.click("room-join");
            await().atMost(Page.WAIT).until(() -> TwoBrowsersTest.members(page, room) == 1);
            String firstId = page.connectionId();
            int welcomes = page.logged("welcome").size();
            // Record every state the page goes through, so the test sees the reconnect happen.
            page.js("window.seenStates = []; window.hibiki.conn.addEventListener('state', e => window.seenStates.push(e.detail));");

            page.click("server-close");

            await().atMost(Page.WAIT).until(() -> !firstId.equals(page.connectionId()) && "connected".equals(page.state()));
            assertNotEquals(firstId, page.connectionId());
            assertTrue(page.js("return window.seenStates").toString().contains("reconnecting"));
            assertEquals(welcomes + 1, page.logged("welcome").size(), "one reconnect, one welcome");
            await().atMost(Page.WAIT).until(() -> TwoBrowsersTest.members(page, room) == 1);
            // The new connection works.
            page.type("echo-text", "still here");
            page.click("echo-send");
            await().atMost(Page.WAIT).until(() -> page.logged("echo").stream().anyMatch(s -> s.startsWith("still here")));
        }
    }

    @Test
    void roomMessagesSentWhileAwayArriveAfterConnectingAgain() {
        String room = "away-" + UUID.randomUUID().toString().substring(0, 8);
        try (Page aiko = Browsers.launch(Browsers.Notifications.BLOCK).open(root).connect("Aiko");
             Page ben = Browsers.launch(Browsers.Notifications.BLOCK).open(root).connect("Ben")) {
            for (Page p : new Page[] {aiko, ben}) {
                p.type("room-name", room);
                p.click("room-join");
            }
            await().atMost(Page.WAIT).until(() -> TwoBrowsersTest.members(aiko, room) == 2);
            ben.type("publish-text", "before");
            ben.click("publish-send");
            await().atMost(Page.WAIT).until(() -> aiko.logged("message").contains("[" + room + " #1] Ben: before"));

            aiko.click("disconnect");
            await().atMost(Page.WAIT).until(() -> TwoBrowsersTest.members(ben, room) == 1);
            ben.type("publish-text", "while you were away");
            ben.click("publish-send");
            await().atMost(Page.WAIT).until(() -> ben.logged("message").size() == 2);

            aiko.connect("Aiko");

            // Rejoined with since = 1, the server replays message #2.
            await().atMost(Page.WAIT).until(() -> aiko.logged("message").contains("[" + room + " #2] Ben: while you were away"));
            await().atMost(Page.WAIT).until(() -> aiko.logged("joined").contains(room + " (2) · recovered"));
            assertEquals(1, aiko.logged("message").stream().filter(m -> m.contains("#1]")).count(), "nothing twice");
        }
    }

    @Test
    void disconnectButtonStaysDisconnected() {
        try (Page page = Browsers.launch(Browsers.Notifications.BLOCK).open(root).connect("Aiko")) {
            page.click("disconnect");
            await().atMost(Page.WAIT).until(() -> "disconnected".equals(page.state()));
            assertEquals(false, page.js("return window.hibiki.conn.wanted"));
            assertTrue(page.byId("name").isEnabled(), "the name is editable again");
        }
    }
}
