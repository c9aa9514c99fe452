package dev.hibiki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hibiki.security.TokenMinter;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against a server that requires a token: the demo passes with {@code --token}, and without one it is a refused upgrade. */
@QuarkusTest
@TestProfile(ClientAuthTest.AuthOn.class)
class ClientAuthTest {

    static final String SECRET = "cli-test-secret-0123456789-abcdefghijkl";

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The production heartbeat: the test profile's 2 s timeout can cut off a client that a
            // busy build machine starves of CPU for a moment.
            return Map.of("hibiki.security.auth.enabled", "true", "hibiki.security.auth.secret", SECRET,
                    "hibiki.heartbeat.interval", "25s", "hibiki.heartbeat.timeout", "60s");
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void demoPassesWithAToken() {
        String token = TokenMinter.mint(SECRET, new TokenMinter.Claims("cli-demo", "トークン", null, List.of(), Duration.ofMinutes(5), null));
        ClientDemoTest.Run run = ClientDemoTest.client(ws.toString(), "--demo", "--token", token);
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("welcome: you are トークン ("), "the token's name claim is the display name: " + run.out());
    }

    @Test
    void withoutATokenTheUpgradeIsRefusedWith401() {
        ClientDemoTest.Run run = ClientDemoTest.client(ws.toString(), "--demo");
        assertEquals(ExitCode.UPGRADE_REFUSED, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("HTTP 401") && run.out().contains("unauthorized"), run.out());
    }
}
