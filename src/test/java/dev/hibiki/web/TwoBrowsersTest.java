package dev.hibiki.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two people on the page see each other: the user count, broadcasts, room messages, echo, latency. */
@QuarkusTest
class TwoBrowsersTest {

    @TestHTTPResource("/")
    URI root;

    // Two browsers for the whole class (starting Chromium is the slow part); every test reloads
    // the page, which gives each a fresh connection.
    static Page aiko;
    static Page ben;

    @BeforeEach
    void connectBoth() {
        if (aiko == null) {
            aiko = Browsers.launch(Browsers.Notifications.BLOCK);
            ben = Browsers.launch(Browsers.Notifications.BLOCK);
        }
        aiko.open(root).connect("Aiko");
        ben.open(root).connect("Ben");
    }

    @AfterAll
    static void closeBoth() {
        if (aiko != null) {
            aiko.close();
            ben.close();
            aiko = null;
            ben = null;
        }
    }

    @Test
    void eachSeesTheOtherInTheUserCount() {
        // Compared with the server's figure rather than with 2: other test classes share this
        // server, and the connections of the page before the reload may still be closing.
        await().atMost(Page.WAIT).until(() -> count(aiko) >= 2 && count(aiko) == count(ben)
                && count(aiko) == RestAssured.get("/api/status").then().extract().<Integer>path("connections"));
        int both = count(aiko);

        ben.click("disconnect");
        await().atMost(Page.WAIT).until(() -> "disconnected".equals(ben.state()));
        await().atMost(Page.WAIT).until(() -> count(aiko) == both - 1);

        ben.connect("Ben");
        await().atMost(Page.WAIT).until(() -> count(aiko) == both && count(ben) == both);
    }

    static int count(Page page) {
        String text = page.text("user-count");
        return text.matches("\\d+") ? Integer.parseInt(text) : -1;
    }

    @Test
    void broadcastsReachEveryoneAndNotToMeSkipsOnlyTheSender() {
        aiko.type("broadcast-text", "hello from Aiko <b>not bold</b>");
        aiko.click("broadcast-send");

        await().atMost(Page.WAIT).until(() -> ben.logged("broadcast").contains("Aiko: hello from Aiko <b>not bold</b>"));
        await().atMost(Page.WAIT).until(() -> aiko.logged("broadcast").contains("Aiko: hello from Aiko <b>not bold</b>"));
        // Server text is shown as text: the markup did not become an element.
        assertTrue(((Number) ben.js("return document.querySelectorAll('#log b').length")).intValue() == 0);

        aiko.click("broadcast-not-me");
        aiko.type("broadcast-text", "only for the others");
        aiko.click("broadcast-send");
        aiko.click("broadcast-not-me");
        aiko.type("broadcast-text", "marker");
        aiko.click("broadcast-send");

        await().atMost(Page.WAIT).until(() -> ben.logged("broadcast").contains("Aiko: marker"));
        assertTrue(ben.logged("broadcast").contains("Aiko: only for the others"));
        // One sender's frames arrive in order: once Aiko has her marker, the skipped one would be there.
        await().atMost(Page.WAIT).until(() -> aiko.logged("broadcast").contains("Aiko: marker"));
        assertFalse(aiko.logged("broadcast").contains("Aiko: only for the others"));
    }

    @Test
    void roomMessagesAndLiveMemberCounts() {
        String room = "ロビー-" + UUID.randomUUID().toString().substring(0, 8);
        aiko.type("room-name", room);
        aiko.click("room-join");
        await().atMost(Page.WAIT).until(() -> members(aiko, room) == 1);

        ben.type("room-name", room);
        ben.click("room-join");
        await().atMost(Page.WAIT).until(() -> members(ben, room) == 2 && members(aiko, room) == 2);

        aiko.type("publish-text", "こんにちは、部屋のみなさん");
        aiko.click("publish-send");
        await().atMost(Page.WAIT).until(() -> ben.logged("message").stream()
                .anyMatch(s -> s.equals("[" + room + " #1] Aiko: こんにちは、部屋のみなさん")));

        ben.js("document.querySelector('#room-list li[data-room=\"' + arguments[0] + '\"] .leave').click()", room);
        await().atMost(Page.WAIT).until(() -> members(aiko, room) == 1 && members(ben, room) == -1);

        aiko.js("document.querySelector('#room-list li[data-room=\"' + arguments[0] + '\"] .close').click()", room);
        await().atMost(Page.WAIT).until(() -> members(aiko, room) == -1);
        await().atMost(Page.WAIT).until(() -> aiko.logged("room_closed").contains(room));
    }

    @Test
    void echoCountsThisConnectionsFrames() {
        aiko.type("echo-text", "echo me");
        aiko.click("echo-send");
        await().atMost(Page.WAIT).until(() -> aiko.logged("echo").stream().anyMatch(s -> s.matches("echo me \\(#\\d+\\)")));
        assertTrue(ben.logged("echo").isEmpty());
    }

    @Test
    void latencyFigureAppears() {
        await().atMost(Page.WAIT).until(() -> aiko.text("latency").matches("\\d+\\.\\d ms"));
        await().atMost(Page.WAIT).until(() -> Integer.parseInt(aiko.byId("latency").getDomAttribute("data-samples")) >= 2);
    }

    @Test
    void serverTicksShowLive() {
        await().atMost(Page.WAIT).until(() -> aiko.text("tick").matches("#\\d+"));
        String first = aiko.text("tick");
        await().atMost(Page.WAIT).until(() -> aiko.text("tick").matches("#\\d+") && !aiko.text("tick").equals(first));
        assertFalse(aiko.logged("tick").isEmpty());
    }

    /** The member count the page shows for a room, or -1 when the room is not in its list. */
    static int members(Page page, String room) {
        Object n = page.js("const li = Array.from(document.querySelectorAll('#room-list li'))"
                + ".find(e => e.dataset.room === arguments[0]);"
                + "return li ? Number(li.querySelector('.members').dataset.members) : -1", room);
        return ((Number) n).intValue();
    }
}
