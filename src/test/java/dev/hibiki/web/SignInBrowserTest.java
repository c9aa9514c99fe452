package dev.hibiki.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hibiki.security.TokenMinter;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With authentication on, the page signs in with a token given in the address's fragment: the
 * hub knows the user by the token's name, and a token that expires ends the session with a clear
 * message instead of a reconnect loop.
 */
@QuarkusTest
@TestProfile(SignInBrowserTest.Auth.class)
class SignInBrowserTest {

    static final String SECRET = "browser-test-secret-0123456789-abcdefgh";

    public static class Auth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hibiki.security.auth.enabled", "true", "hibiki.security.auth.secret", SECRET,
                    "hibiki.security.auth.clock-skew", "0s");
        }
    }

    @TestHTTPResource("/")
    URI root;

    @Test
    void pageSignsInWithTheTokenFromItsAddress() {
        String token = TokenMinter.mint(SECRET, new TokenMinter.Claims("u-42", "Aiko", null, List.of(), Duration.ofHours(1), null));
        try (Page page = Browsers.launch(Browsers.Notifications.BLOCK).open(root.resolve("/#token=" + token))) {
            assertTrue(page.driver().getCurrentUrl().indexOf("token") < 0, "the token leaves the address bar");
            // Connected on load with the token, without pressing anything.
            page.awaitConnected();
            await().atMost(Page.WAIT).until(() -> page.text("my-id").startsWith("Aiko"));
            page.type("echo-text", "signed in");
            page.click("echo-send");
            await().atMost(Page.WAIT).until(() -> page.logged("echo").stream().anyMatch(s -> s.startsWith("signed in")));
        }
    }

    @Test
    void anExpiredSessionStopsWithAMessageInsteadOfRetrying() {
        String token = TokenMinter.mint(SECRET, new TokenMinter.Claims("u-7", "Ben", null, List.of(), Duration.ofSeconds(10), null));
        try (Page page = Browsers.launch(Browsers.Notifications.BLOCK).open(root.resolve("/#token=" + token))) {
            await().atMost(Page.WAIT).until(() -> page.logged("welcome").size() == 1);
            // The server closes with 4001 when the token expires; the page must not reconnect with it.
            await().atMost(Duration.ofSeconds(30)).until(() -> "disconnected".equals(page.state()));
            await().atMost(Page.WAIT).until(() -> page.text("toasts").contains("access token has expired"));
            assertEquals(1, page.logged("welcome").size());
        }
    }
}
