package dev.hibiki.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * The origin allow-list in the test profile: {@code http://allowed.example} plus the server's own
 * origin. Browsers send Origin; the CLI and servers do not and are never refused for it.
 */
@QuarkusTest
class OriginTest {

    static final String FOREIGN = "http://evil.example";
    static final String ALLOWED = "http://allowed.example";

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    @Test
    void upgradeFromAForeignOriginIsRefused403() {
        Upgrades.Refused refused = Upgrades.refused(vertx, base, "name=x", o -> o.putHeader("Origin", FOREIGN));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().getString("error")).isEqualTo("forbidden");
        assertThat(refused.body().getString("message")).contains(FOREIGN);
        // A page opened from disk sends "null": foreign unless listed.
        assertThat(Upgrades.refused(vertx, base, null, o -> o.putHeader("Origin", "null")).status()).isEqualTo(403);
        // Same host, other port: another origin.
        String otherPort = "http://" + base.getHost() + ":" + (base.getPort() + 1);
        assertThat(Upgrades.refused(vertx, base, null, o -> o.putHeader("Origin", otherPort)).status()).isEqualTo(403);
    }

    @Test
    void upgradeFromAnAllowedOrTheSameOriginOrNoOriginIsAccepted() {
        try (WsClient allowed = WsClient.connect(vertx, base, "name=a", o -> o.putHeader("Origin", ALLOWED));
                WsClient same = WsClient.connect(vertx, base, "name=s",
                        o -> o.putHeader("Origin", "http://" + base.getHost() + ":" + base.getPort()));
                WsClient none = WsClient.connect(vertx, base, "name=n", o -> o.setAllowOriginHeader(false))) {
            assertThat(allowed.next("welcome").path("name").asText()).isEqualTo("a");
            assertThat(same.next("welcome").path("name").asText()).isEqualTo("s");
            assertThat(none.next("welcome").path("name").asText()).isEqualTo("n");
        }
    }

    @Test
    void corsRequestsFromAForeignOriginAreRefused403WithJson() {
        given().header("Origin", FOREIGN).header("Access-Control-Request-Method", "POST")
                .options("/api/broadcast")
                .then().statusCode(403).contentType(ContentType.JSON)
                .header("Access-Control-Allow-Origin", nullValue())
                .body("error", equalTo("forbidden")).body("message", containsString(FOREIGN));
        given().header("Origin", FOREIGN).contentType(ContentType.JSON).body("{\"text\":\"x\"}")
                .post("/api/broadcast")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().header("Origin", FOREIGN).get("/api/status").then().statusCode(403);
    }

    @Test
    void corsRequestsFromAnAllowedOriginGetCorsHeaders() {
        given().header("Origin", ALLOWED).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Content-Type,Authorization")
                .options("/api/broadcast")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(ALLOWED));
        given().header("Origin", ALLOWED).get("/api/status")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo(ALLOWED));
    }

    @Test
    void requestsWithoutOriginAreNotChecked() {
        given().get("/api/status").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"text\":\"no origin\"}").post("/api/broadcast")
                .then().statusCode(200);
    }
}
