package dev.hibiki.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page shows the hub's live figures; this test also leaves screenshots of both pages in
 * target/screenshots/ for a person to look at.
 */
@QuarkusTest
class AdminPageBrowserTest {

    @TestHTTPResource("/")
    URI root;

    @TestHTTPResource("/admin.html")
    URI admin;

    @Test
    void liveFiguresRoomsAndChart() throws Exception {
        String room = "lobby-" + UUID.randomUUID().toString().substring(0, 6);
        try (Page aiko = Browsers.launch(Browsers.Notifications.BLOCK).open(root).connect("Aiko");
             Page ben = Browsers.launch(Browsers.Notifications.BLOCK).open(root).connect("Ben");
             Page board = Browsers.launch(Browsers.Notifications.BLOCK).open(admin)) {
            for (Page p : List.of(aiko, ben)) {
                p.type("room-name", room);
                p.click("room-join");
            }
            await().atMost(Page.WAIT).until(() -> TwoBrowsersTest.members(aiko, room) == 2);

            // The figure is the server's own (other test classes may hold connections too).
            await().atMost(Page.WAIT).untilAsserted(() -> assertEquals(
                    String.valueOf(RestAssured.get("/api/status").then().extract().<Integer>path("connections")),
                    board.text("fig-connections")));
            assertTrue(Integer.parseInt(board.text("fig-connections")) >= 2);
            await().atMost(Page.WAIT).until(() -> roomRow(board, room).equals(List.of(room, "2")));
            // Both pages ping every two seconds, so messages flow in and out.
            await().atMost(Page.WAIT).until(() -> rate(board, "fig-in") > 0 && rate(board, "fig-out") > 0);
            assertTrue(board.text("totals").matches("Totals: [\\d,]+ in, [\\d,]+ out"), board.text("totals"));
            assertTrue(chartHasLines(board), "the chart has drawn lines");

            // Some activity for the main page's screenshot.
            aiko.type("broadcast-text", "Hello everyone!");
            aiko.click("broadcast-send");
            ben.type("publish-text", "Anyone in " + room + "?");
            ben.click("publish-send");
            aiko.type("echo-text", "echo テスト");
            aiko.click("echo-send");
            aiko.js("document.getElementById('shared-text').focus()");
            SharedTextBrowserTest.typeHere(aiko, "Shared notes: 共有メモ\n- agenda\n");
            await().atMost(Page.WAIT).until(() -> aiko.logged("message").size() == 1 && aiko.logged("echo").size() == 1);
            await().atMost(Page.WAIT).until(() -> SharedTextBrowserTest.synced(aiko));
            aiko.screenshot("main");
            // The same page as someone with a dark system theme sees it.
            aiko.driver().executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            assertEquals(true, aiko.js("return matchMedia('(prefers-color-scheme: dark)').matches"));
            aiko.screenshot("main-dark");

            // Let the chart collect a few polls before its picture.
            await().atMost(Page.WAIT).until(() -> ((Number) board.js("return window.hibikiAdmin.history.length")).intValue() >= 6);
            board.screenshot("admin");
        }
        try (Page narrow = Browsers.launch(Browsers.Notifications.BLOCK, "ja-JP", 420, 900).open(root).connect("あいこ")) {
            narrow.screenshot("main-narrow-ja");
        }
    }

    /** The cells of the room's row, read in one script (the table is re-rendered every second). */
    @SuppressWarnings("unchecked")
    static List<String> roomRow(Page board, String room) {
        return (List<String>) board.js("""
                const tr = Array.from(document.querySelectorAll('#room-rows tr'))
                    .find(r => r.cells[0].textContent === arguments[0]);
                return tr ? Array.from(tr.cells).map(c => c.textContent) : [];
                """, room);
    }

    static double rate(Page board, String id) {
        String text = board.text(id).replace(",", "");
        return text.matches("[\\d.]+") ? Double.parseDouble(text) : -1;
    }

    /** True when the canvas has pixels of the chart's line colours (not only background and grid). */
    static boolean chartHasLines(Page board) {
        Object n = board.js("""
                const c = document.getElementById('chart');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let coloured = 0;
                for (let i = 0; i < d.length; i += 4) {
                  const [r, g, b, a] = [d[i], d[i + 1], d[i + 2], d[i + 3]];
                  if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++;
                }
                return coloured;
                """);
        return ((Number) n).intValue() > 50;
    }
}
