package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.hibiki.security.AuthProfile;
import dev.hibiki.socketio.SioClient.Transports;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

/**
 * Authentication on: a Socket.IO client joins with a JWT in {@code auth.token} or the same
 * query parameter as {@code /ws}; without one, or with a bad one, the namespace connect is
 * refused with CONNECT_ERROR and a reason.
 */
@QuarkusTest
@TestProfile(AuthProfile.class)
class SocketIoAuthTest {

    @TestHTTPResource("/")
    URI base;

    private static String token(String name) {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims().subject(name).claim("name", name).issuedAt(now).expiresAt(now + 300)
                .signWithSecret(AuthProfile.SECRET);
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aTokenInAuthAdmitsTheSocketUnderItsName(Transports transports) throws Exception {
        try (SioClient client = SioClient.open(base, "/", transports, Map.of("token", token("aiko")), null)) {
            client.awaitConnected();
            assertThat(client.next("welcome").json().getString("name")).isEqualTo("aiko");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transports.class, names = { "POLLING", "WEBSOCKET" })
    void theQueryParameterOfWsWorksToo(Transports transports) throws Exception {
        try (SioClient client = SioClient.open(base, "/test", transports, null, "access_token=" + token("ben"))) {
            client.awaitConnected();
            assertThat(client.next("my response").json().getString("data")).isEqualTo("Connected");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transports.class, names = { "POLLING", "WEBSOCKET" })
    void withoutAValidTokenTheConnectIsRefused(Transports transports) throws Exception {
        try (SioClient none = SioClient.open(base, "/", transports, null, null);
                SioClient forged = SioClient.open(base, "/", transports,
                        Map.of("token", Jwt.claims().subject("mallory").expiresAt(Instant.now().getEpochSecond() + 60)
                                .signWithSecret("another-secret-another-secret-0123456789")), null)) {
            JSONObject refused = (JSONObject) none.awaitConnectError();
            assertThat(refused.getString("message")).contains("token is required");
            assertThat(refused.getJSONObject("data").getString("code")).isEqualTo("unauthorized");
            JSONObject bad = (JSONObject) forged.awaitConnectError();
            assertThat(bad.getJSONObject("data").getString("code")).isEqualTo("unauthorized");
            assertThat(none.socket().connected()).isFalse();
        }
    }
}
