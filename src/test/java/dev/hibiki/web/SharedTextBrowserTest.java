package dev.hibiki.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.interactions.Actions;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two people type into the same shared text at once and end up with the same text. */
@QuarkusTest
class SharedTextBrowserTest {

    @TestHTTPResource("/")
    URI root;

    // Two browsers for the whole class (starting Chromium is the slow part).
    static Page aiko;
    static Page ben;

    @BeforeEach
    void openOneFreshDocument() {
        if (aiko == null) {
            aiko = Browsers.launch(Browsers.Notifications.BLOCK);
            ben = Browsers.launch(Browsers.Notifications.BLOCK);
        }
        // A document of its own, so other tests' edits cannot interfere.
        String doc = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        URI page = root.resolve("/?doc=" + URLEncoder.encode(doc, StandardCharsets.UTF_8));
        aiko.open(page).connect("Aiko");
        ben.open(page).connect("Ben");
        await().atMost(Page.WAIT).until(() -> synced(aiko) && synced(ben));
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
    void concurrentTypingConvergesWithBothInputsWhereEachTyped() throws Exception {
        caretAt(aiko, 0);
        typeHere(aiko, "|");
        await().atMost(Page.WAIT).until(() -> "|".equals(ben.sharedText()));

        String aikoTypes = "Aiko types first, こんにちは";
        String benTypes = "Ben types last 12345";
        caretAt(aiko, 0);
        caretAt(ben, 1);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> typeInChunks(aiko, aikoTypes, start));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> typeInChunks(ben, benTypes, start));
        start.countDown();
        CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);

        // Each person's caret stayed where they were typing while the other's edits arrived.
        String expected = aikoTypes + "|" + benTypes;
        await().atMost(Page.WAIT).untilAsserted(() -> {
            assertEquals(expected, aiko.sharedText(), "Aiko's text");
            assertEquals(expected, ben.sharedText(), "Ben's text");
        });
        await().atMost(Page.WAIT).until(() -> synced(aiko) && synced(ben));
        assertEquals(aiko.js("return window.hibiki.text.rev"), ben.js("return window.hibiki.text.rev"));
    }

    @Test
    void remoteEditsWaitUntilTheImeCompositionEnds() {
        caretAt(aiko, 0);
        typeHere(aiko, "[]");
        await().atMost(Page.WAIT).until(() -> "[]".equals(ben.sharedText()));

        // Aiko starts composing Japanese between the brackets, as an IME does: compositionstart,
        // then the uncommitted text appears in the textarea with isComposing input events.
        aiko.js("""
                const ta = document.getElementById('shared-text');
                ta.focus();
                ta.setSelectionRange(1, 1);
                ta.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
                ta.setRangeText('にほんご', 1, 1, 'end');
                ta.dispatchEvent(new InputEvent('input', {isComposing: true, inputType: 'insertCompositionText', data: 'にほんご'}));
                """);
        assertEquals("[にほんご]", aiko.sharedText());

        // Meanwhile Ben adds text at the end; the server accepts it.
        caretAt(ben, 2);
        typeHere(ben, "!!");
        await().atMost(Page.WAIT).until(() -> synced(ben) && "[]!!".equals(ben.sharedText()));
        await().atMost(Page.WAIT).until(() -> ((Number) aiko.js("return window.hibiki.text.held.length")).intValue() > 0);

        // Nothing touched Aiko's textarea mid-composition, and nothing of hers was sent.
        assertEquals("[にほんご]", aiko.sharedText());
        assertEquals("[]!!", ben.sharedText());

        aiko.js("""
                const ta = document.getElementById('shared-text');
                ta.dispatchEvent(new CompositionEvent('compositionend', {data: 'にほんご'}));
                """);

        await().atMost(Page.WAIT).untilAsserted(() -> {
            assertEquals("[にほんご]!!", aiko.sharedText(), "Aiko's text");
            assertEquals("[にほんご]!!", ben.sharedText(), "Ben's text");
        });
        // Aiko's caret is still right after what she composed.
        assertEquals(5L, aiko.js("return document.getElementById('shared-text').selectionStart"));
        assertTrue(synced(aiko));
    }

    static boolean synced(Page page) {
        return "synced".equals(page.byId("text-status").getDomAttribute("data-status"));
    }

    static void caretAt(Page page, int index) {
        page.js("const ta = document.getElementById('shared-text'); ta.focus(); ta.setSelectionRange(arguments[0], arguments[0]);",
                index);
    }

    /** Types at the focused caret (unlike WebElement.sendKeys, which would move the caret to the end). */
    static void typeHere(Page page, String keys) {
        new Actions(page.driver()).sendKeys(keys).perform();
    }

    static void typeInChunks(Page page, String text, CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < text.length(); i += 3) {
            typeHere(page, text.substring(i, Math.min(text.length(), i + 3)));
        }
    }
}
