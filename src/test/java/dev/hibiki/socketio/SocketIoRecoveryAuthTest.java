package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.security.AuthProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

/**
 * Recovery with authentication on: the reconnecting client's token is checked again, and only a
 * token for the same subject gets the session back (the official client sends its auth with the pid).
 */
@QuarkusTest
@TestProfile(RecoveryOn.WithAuth.class)
class SocketIoRecoveryAuthTest {

    @TestHTTPResource("/")
    URI base;

    private static String token(String subject, String... roles) {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims().subject(subject).claim("name", subject).groups(java.util.Set.of(roles)).issuedAt(now)
                .expiresAt(now + 300).signWithSecret(AuthProfile.SECRET);
    }

    @Test
    void theSameIdentityRecoversUnderItsName() throws Exception {
        JsonNode seen = NodeScript.run(Map.of("HIBIKI_TOKEN", token("aiko"), "HIBIKI_ADMIN_TOKEN", token("ops", "admin")),
                "recovery.js", base(), "drop", "websocket");
        assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isTrue();
        assertThat(NodeScript.strings(seen.path("got"))).containsExactly("m1", "m2", "m3", "m4");
        assertThat(NodeScript.strings(seen.path("names"))).containsExactly("aiko", "aiko");
    }

    @Test
    void anotherIdentityWithTheSessionIdGetsAFreshSocket() throws Exception {
        JsonNode seen = NodeScript.run(Map.of("HIBIKI_TOKEN", token("aiko"), "HIBIKI_ADMIN_TOKEN", token("ops", "admin"),
                "HIBIKI_RECONNECT_TOKEN", token("mallory")), "recovery.js", base(), "drop", "websocket");
        assertThat(seen.path("recovered").asBoolean()).as(seen.toString()).isFalse();
        assertThat(seen.path("sameId").asBoolean()).isFalse();
        assertThat(seen.path("rooms")).isEmpty();
        assertThat(NodeScript.strings(seen.path("got"))).isEqualTo(List.of("m1"));
        assertThat(NodeScript.strings(seen.path("names"))).containsExactly("aiko", "mallory");
    }

    private String base() {
        return base.toString().replaceAll("/$", "");
    }
}
