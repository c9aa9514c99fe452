package dev.hibiki.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The notify button reaches everyone: a browser that allowed notifications shows a system
 * notification, one that blocked them shows an in-page toast instead.
 */
@QuarkusTest
class NotificationBrowserTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void systemNotificationWhenAllowedToastWhenBlocked() {
        try (Page allowed = Browsers.launch(Browsers.Notifications.ALLOW).open(root).connect("Aiko");
             Page blocked = Browsers.launch(Browsers.Notifications.BLOCK).open(root).connect("Ben")) {
            assertEquals("granted", allowed.byId("notify-permission").getDomAttribute("data-permission"));
            assertEquals("denied", blocked.byId("notify-permission").getDomAttribute("data-permission"));

            allowed.type("notify-title-field", "Lunch");
            allowed.type("notify-body", "at noon, 12:00");
            allowed.click("notify-send");

            await().atMost(Page.WAIT).until(() -> allowed.logged("notification")
                    .contains("Lunch — at noon, 12:00 (shown as a system notification)"));
            await().atMost(Page.WAIT).until(() -> blocked.logged("notification")
                    .contains("Lunch — at noon, 12:00 (shown in the page)"));
            String toast = blocked.driver().findElement(By.cssSelector("#toasts .toast-notification")).getText();
            assertEquals("Lunch\nat noon, 12:00", toast.replace("\n×", "").strip());
            assertEquals(0L, allowed.js("return document.querySelectorAll('#toasts .toast-notification').length"));
        }
    }
}
