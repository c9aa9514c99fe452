package dev.hibiki.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;

/**
 * JSON the server cannot give back as it came is refused, on both doors: a number too large for a
 * double (it would come back as "Infinity", which is not JSON) and data after the first value
 * (a frame that is two messages runs neither).
 */
@QuarkusTest
class StrictJsonTest {

    @TestHTTPResource("/")
    URI base;

    Vertx vertx = TestVertx.shared();

    private static void assertBadJson(JsonNode error) {
        assertThat(error.path("code").asText()).as(error.toString()).isEqualTo("bad_json");
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void aNonFiniteNumberInAFrameIsBadJson() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.sendRaw("{\"type\":\"echo\",\"text\":\"x\",\"id\":1e999999}");
            assertBadJson(a.next("error"));
            a.sendRaw("{\"type\":\"broadcast\",\"data\":{\"n\":-1e999999}}");
            assertBadJson(a.next("error"));
            a.send("echo", "text", "after", "id", 7);
            JsonNode echo = a.next("echo");
            assertThat(echo.path("re").asInt()).isEqualTo(7);
            assertThat(a.all("broadcast")).isEmpty();
        }
    }

    @Test
    void dataAfterTheFirstObjectIsBadJsonAndNothingRuns() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.sendRaw("{\"type\":\"echo\",\"text\":\"one\"}{\"type\":\"echo\",\"text\":\"two\"}");
            assertBadJson(a.next("error"));
            a.sendRaw("{\"type\":\"echo\",\"text\":\"one\"} trailing");
            assertBadJson(a.next("error"));
            a.sendRaw("{\"type\":\"echo\",\"text\":\"three\"}  \n");
            assertThat(a.next("echo").path("text").asText()).isEqualTo("three");
            assertThat(a.all("echo")).hasSize(1);
        }
    }

    @Test
    void restBodiesFollowTheSameRules() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            given().contentType(ContentType.JSON).body("{\"a\":1e999999}").post("/api/echo")
                    .then().statusCode(400).body("error", equalTo("bad_json"));
            given().contentType(ContentType.JSON).body("{\"text\":\"one\"}{\"text\":\"two\"}").post("/api/broadcast")
                    .then().statusCode(400).body("error", equalTo("bad_json"));
            given().contentType(ContentType.JSON).body("{\"text\":\"x\",\"data\":[1e400]}").post("/api/broadcast")
                    .then().statusCode(400).body("error", equalTo("bad_json"));
            given().contentType(ContentType.JSON).body("{\"action\":\"click\",\"timestamp\":1e999}").post("/api/analyze")
                    .then().statusCode(400).body("error", equalTo("bad_json"));
            given().contentType(ContentType.JSON).body("{\"text\":\"ok\",\"data\":1.5e300}").post("/api/broadcast")
                    .then().statusCode(200);
            assertThat(a.next("broadcast").path("text").asText()).isEqualTo("ok");
            assertThat(a.all("broadcast")).hasSize(1);
        }
    }
}
