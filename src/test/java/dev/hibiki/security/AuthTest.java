package dev.hibiki.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import jakarta.inject.Inject;

/** Authentication on: what clients with and without tokens observe over WebSockets and REST. */
@QuarkusTest
@TestProfile(AuthProfile.class)
class AuthTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    private static JwtClaimsBuilder claims(String sub) {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims().subject(sub).issuedAt(now).expiresAt(now + 300);
    }

    private static String token(String sub, String name) {
        return claims(sub).claim("name", name).signWithSecret(AuthProfile.SECRET);
    }

    private static String admin() {
        return claims("ops").claim("name", "ops").groups(Set.of("admin")).signWithSecret(AuthProfile.SECRET);
    }

    private static String room() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private WsClient withBearer(String token, String query) {
        WsClient client = WsClient.connect(vertx, base, query, o -> o.addHeader("Authorization", "Bearer " + token));
        return client;
    }

    // ---- upgrades

    @Test
    void upgradeWithoutTokenIsRefused401() {
        Upgrades.Refused refused = Upgrades.refused(vertx, base, "name=alice", o -> {
        });
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().getString("error")).isEqualTo("unauthorized");
        assertThat(refused.body().getString("message")).contains("token is required");
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused401() {
        String forged = claims("mallory").signWithSecret("another-secret-another-secret-0123456789");
        Upgrades.Refused refused = Upgrades.refused(vertx, base, null,
                o -> o.addHeader("Authorization", "Bearer " + forged));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().getString("message")).isEqualTo("token signature is not valid");
    }

    @Test
    void unsignedTokenIsRefused401() {
        // alg "none" with the claims of an admin: must never be accepted.
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long exp = Instant.now().getEpochSecond() + 300;
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"mallory\",\"groups\":[\"admin\"],\"exp\":" + exp + "}")
                        .getBytes(StandardCharsets.UTF_8)) + ".";
        assertThat(Upgrades.refused(vertx, base, "access_token=" + none, o -> {
        }).status()).isEqualTo(401);
        assertThat(Upgrades.refused(vertx, base, "access_token=not.a.jwt", o -> {
        }).status()).isEqualTo(401);
    }

    @Test
    void expiredTokenIsRefused401() {
        long now = Instant.now().getEpochSecond();
        String expired = Jwt.claims().subject("late").issuedAt(now - 600).expiresAt(now - 60)
                .signWithSecret(AuthProfile.SECRET);
        Upgrades.Refused refused = Upgrades.refused(vertx, base, "access_token=" + expired, o -> {
        });
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().getString("message")).isEqualTo("token expired");
    }

    @Test
    void tokenInHeaderIsAcceptedAndItsNameWinsOverTheQuery() {
        try (WsClient client = withBearer(token("u-1", "トークン名"), "name=other")) {
            JsonNode welcome = client.next("welcome");
            assertThat(welcome.path("name").asText()).isEqualTo("トークン名");
        }
    }

    @Test
    void withoutNameClaimTheQueryNameIsUsed() {
        String token = claims("u-2").signWithSecret(AuthProfile.SECRET);
        try (WsClient client = withBearer(token, "name=bob")) {
            assertThat(client.next("welcome").path("name").asText()).isEqualTo("bob");
        }
    }

    @Test
    void tokenInQueryIsAccepted() {
        try (WsClient client = WsClient.connect(vertx, base, "access_token=" + token("u-3", "carol"))) {
            assertThat(client.next("welcome").path("name").asText()).isEqualTo("carol");
        }
    }

    @Test
    void tokenInSubprotocolIsAcceptedAndHibikiV1IsSelected() throws Exception {
        // What a browser does: new WebSocket(url, ["hibiki.v1", "access_token." + jwt]).
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            WebSocket socket = Upgrades.accepted(client, base, null, o -> o.setSubProtocols(
                    List.of(AuthCheck.SUBPROTOCOL, AuthCheck.TOKEN_SUBPROTOCOL_PREFIX + token("u-4", "dave"))));
            assertThat(socket.subProtocol()).isEqualTo("hibiki.v1");
            socket.close();
        } finally {
            client.close();
        }
        try (WsClient browser = WsClient.connect(vertx, base, null, o -> o.setSubProtocols(
                List.of(AuthCheck.TOKEN_SUBPROTOCOL_PREFIX + token("u-4", "dave"), AuthCheck.SUBPROTOCOL)))) {
            assertThat(browser.next("welcome").path("name").asText()).isEqualTo("dave");
        }
    }

    @Test
    void tokenSubprotocolWithoutHibikiV1IsRefusedWithAReason() {
        Upgrades.Refused refused = Upgrades.refused(vertx, base, null, o -> o.setSubProtocols(
                List.of(AuthCheck.TOKEN_SUBPROTOCOL_PREFIX + token("u-5", "erin"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().getString("message")).contains("hibiki.v1");
    }

    @Test
    void invalidNameClaimIsRefused() {
        Upgrades.Refused refused = Upgrades.refused(vertx, base, "access_token=" + token("u-6", "bad\u0000name"),
                o -> {
                });
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().getString("message")).contains("name");
    }

    // ---- room rights

    @Test
    void roomsClaimLimitsWhichRoomsMayBeJoined() {
        String token = claims("u-7").claim("name", "frank").claim("rooms", List.of("lobby-*", "support"))
                .signWithSecret(AuthProfile.SECRET);
        try (WsClient client = withBearer(token, null)) {
            client.next("welcome");
            client.send("join", "room", "lobby-" + UUID.randomUUID().toString().substring(0, 6));
            client.next("joined");
            client.send("join", "room", "support");
            client.next("joined");
            client.send("join", "room", "secret-room", "id", 3);
            JsonNode error = client.next("error");
            assertThat(error.path("code").asText()).isEqualTo("forbidden");
            assertThat(error.path("re").asInt()).isEqualTo(3);
        }
    }

    @Test
    void emptyRoomsClaimMeansNoRoom() {
        String token = claims("u-8").claim("rooms", List.of()).signWithSecret(AuthProfile.SECRET);
        try (WsClient client = withBearer(token, null)) {
            client.next("welcome");
            client.send("join", "room", room());
            assertThat(client.next("error").path("code").asText()).isEqualTo("forbidden");
        }
    }

    @Test
    void closingARoomNeedsTheAdminRole() {
        String room = room();
        try (WsClient member = withBearer(token("u-9", "member"), null); WsClient ops = withBearer(admin(), null)) {
            member.next("welcome");
            ops.next("welcome");
            member.send("join", "room", room);
            member.next("joined");
            ops.send("join", "room", room);
            ops.next("joined");

            member.send("close_room", "room", room, "id", "c1");
            JsonNode error = member.next("error");
            assertThat(error.path("code").asText()).isEqualTo("forbidden");
            assertThat(error.path("message").asText()).contains("admin");

            ops.send("close_room", "room", room);
            assertThat(member.next("room_closed").path("room").asText()).isEqualTo(room);
            assertThat(ops.next("room_closed").path("room").asText()).isEqualTo(room);
        }
    }

    // ---- expiry during a session

    @Test
    void sessionIsClosedWith4001WhenTheTokenExpires() {
        long now = Instant.now().getEpochSecond();
        String shortLived = Jwt.claims().subject("u-10").issuedAt(now).expiresAt(now + 2)
                .signWithSecret(AuthProfile.SECRET);
        try (WsClient client = withBearer(shortLived, null); WsClient other = withBearer(token("u-11", "o"), null)) {
            client.next("welcome");
            other.next("welcome");
            assertThat(client.awaitClose()).isEqualTo(ExpiryWatch.CLOSE_TOKEN_EXPIRED);
            // The other session is untouched.
            other.send("echo", "text", "still here");
            assertThat(other.next("echo").path("text").asText()).isEqualTo("still here");
        }
    }

    // ---- REST publishing

    @Test
    void restPublishingNeedsATokenWithTheAdminRole() {
        String room = room();
        try (WsClient member = withBearer(token("u-12", "listener"), null)) {
            member.next("welcome");
            member.send("join", "room", room);
            member.next("joined");

            given().contentType(ContentType.JSON).body("{\"text\":\"hi\"}").post("/api/broadcast")
                    .then().statusCode(401).contentType(ContentType.JSON)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("error", equalTo("unauthorized"));
            given().auth().oauth2("garbage.token.here").contentType(ContentType.JSON).body("{\"text\":\"hi\"}")
                    .post("/api/broadcast").then().statusCode(401).body("error", equalTo("unauthorized"));
            given().auth().oauth2(token("u-12", "listener")).contentType(ContentType.JSON).body("{\"text\":\"hi\"}")
                    .post("/api/broadcast").then().statusCode(403).body("error", equalTo("forbidden"));
            given().auth().oauth2(token("u-12", "listener")).contentType(ContentType.JSON)
                    .body("{\"text\":\"m\"}").post("/api/rooms/" + room + "/messages")
                    .then().statusCode(403).body("error", equalTo("forbidden"));
            given().auth().oauth2(token("u-12", "listener")).delete("/api/rooms/" + room)
                    .then().statusCode(403);

            String admin = admin();
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"text\":\"hi all\"}")
                    .post("/api/broadcast").then().statusCode(200);
            assertThat(member.next("broadcast").path("text").asText()).isEqualTo("hi all");
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"title\":\"t\",\"body\":\"b\"}")
                    .post("/api/notifications").then().statusCode(200);
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"text\":\"in room\"}")
                    .post("/api/rooms/" + room + "/messages").then().statusCode(200).body("delivered", equalTo(1));
            assertThat(member.next("message").path("text").asText()).isEqualTo("in room");
            given().auth().oauth2(admin).delete("/api/rooms/" + room).then().statusCode(200)
                    .body("removed", equalTo(1));
            assertThat(member.next("room_closed").path("room").asText()).isEqualTo(room);
        }
    }

    @Test
    void readsAndTheSeedCallsStayOpen() {
        given().get("/api/status").then().statusCode(200);
        given().get("/api/rooms").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"action\":\"click\",\"timestamp\":\"t\"}")
                .post("/api/analyze").then().statusCode(200);
    }

    // ---- the minter

    @Test
    void mintedTokenIsAccepted() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TokenMinter.run(new String[] { "--secret", AuthProfile.SECRET, "--sub", "cli", "--name", "minted",
                "--role", "admin", "--rooms", "ops-*", "--ttl", "5m" }, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        String token = out.toString(StandardCharsets.UTF_8).trim();

        try (WsClient client = withBearer(token, null)) {
            assertThat(client.next("welcome").path("name").asText()).isEqualTo("minted");
            client.send("join", "room", "ops-1");
            client.next("joined");
            client.send("join", "room", "elsewhere");
            assertThat(client.next("error").path("code").asText()).isEqualTo("forbidden");
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"text\":\"from cli\"}")
                .post("/api/broadcast").then().statusCode(200);
    }
}
