package dev.hibiki.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The page speaks the browser's language (English or Japanese) and switches on a click. */
@QuarkusTest
class LanguageBrowserTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void englishBrowserGetsEnglishAndCanSwitchToJapanese() throws Exception {
        // Disconnected (the page connects on load otherwise), so Connect is on screen to read.
        try (Page page = Browsers.launch(Browsers.Notifications.BLOCK).open(root.resolve("/?connect=0"))) {
            assertEquals("Connection", page.text("conn-title"));
            assertEquals("Connect", page.text("connect"));
            assertEquals("en", page.js("return document.documentElement.lang"));

            page.click("lang-toggle");

            assertEquals("接続", page.text("conn-title"));
            assertEquals("共有テキスト", page.text("text-title"));
            assertEquals("ja", page.js("return document.documentElement.lang"));
            page.screenshot("main-ja-disconnected");
        }
    }

    @Test
    void japaneseBrowserGetsJapanese() {
        try (Page page = Browsers.launch(Browsers.Notifications.BLOCK, "ja-JP", 1400, 1000).open(root)) {
            assertEquals("接続", page.text("conn-title"));
            assertEquals("English", page.text("lang-toggle"));
        }
    }
}
