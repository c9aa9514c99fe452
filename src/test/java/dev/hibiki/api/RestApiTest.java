package dev.hibiki.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;

/** The REST API as browser JS and other servers use it. */
@QuarkusTest
class RestApiTest {

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    @Test
    void analyzeReportsAButtonClick() {
        given().contentType(ContentType.JSON).body("{\"action\":\"button_click\",\"timestamp\":\"2026-11-26T01:00:00Z\"}")
                .post("/api/analyze")
                .then().statusCode(200)
                .body("message", equalTo("Button click received"))
                .body("action", equalTo("button_click"))
                .body("timestamp", equalTo("2026-11-26T01:00:00Z"));
    }

    @Test
    void analyzeSpeaksJapaneseWhenAsked() {
        given().contentType(ContentType.JSON).header("Accept-Language", "ja-JP,ja;q=0.9,en;q=0.5")
                .body("{\"action\":\"button_click\",\"timestamp\":1764118800000}")
                .post("/analyze")
                .then().statusCode(200)
                .body("message", equalTo("ボタンのクリックを受け付けました"))
                .body("timestamp", equalTo(1764118800000L));
        given().contentType(ContentType.JSON).header("Accept-Language", "ja")
                .body("{\"action\":\"dance\",\"timestamp\":\"t\"}")
                .post("/api/analyze")
                .then().statusCode(200).body("message", containsString("不明なアクション"));
    }

    @Test
    void analyzeCallsOtherActionsUnknown() {
        given().contentType(ContentType.JSON).header("Accept-Language", "en-US,ja;q=0.5")
                .body("{\"action\":\"dance\",\"timestamp\":\"t\"}")
                .post("/api/analyze")
                .then().statusCode(200).body("message", equalTo("Unknown action: dance"));
    }

    @Test
    void analyzeRejectsBadRequestsWithJsonErrors() {
        given().contentType(ContentType.JSON).body("{\"timestamp\":\"t\"}").post("/api/analyze")
                .then().statusCode(400).body("error", equalTo("bad_message")).body("message", containsString("action"));
        given().contentType(ContentType.JSON).body("{\"action\":\"click\"}").post("/api/analyze")
                .then().statusCode(400).body("error", equalTo("bad_message"));
        given().contentType(ContentType.JSON).body("{\"action\":5,\"timestamp\":\"t\"}").post("/api/analyze")
                .then().statusCode(400).body("error", equalTo("bad_message"));
        given().contentType(ContentType.JSON).body("{\"action\":").post("/api/analyze")
                .then().statusCode(400).body("error", equalTo("bad_json"));
    }

    @Test
    void echoReturnsWhatItReceived() {
        given().contentType(ContentType.JSON).body("{\"hello\":[1,\"二\",{\"three\":true}]}").post("/api/echo")
                .then().statusCode(200)
                .body("message", equalTo("received"))
                .body("received.hello[1]", equalTo("二"))
                .body("received.hello[2].three", equalTo(true));
        given().contentType(ContentType.JSON).body("\"just a string\"").post("/post")
                .then().statusCode(200).body("received", equalTo("just a string"));
    }

    @Test
    void statusDescribesTheHub() {
        given().get("/api/status").then().statusCode(200)
                .body("connections", greaterThanOrEqualTo(0))
                .body("rooms", greaterThanOrEqualTo(0))
                .body("node", notNullValue())
                .body("version", notNullValue())
                .body("messagesIn", greaterThanOrEqualTo(0))
                .body("type", equalTo("status"));
    }

    @Test
    void serversBroadcastAndNotifyEveryClient() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            int delivered = given().contentType(ContentType.JSON).body("{\"text\":\"from the backend\",\"data\":[1,2]}")
                    .post("/api/broadcast").then().statusCode(200).extract().path("delivered");
            assertThat(delivered).isGreaterThanOrEqualTo(1);
            JsonNode broadcast = a.next("broadcast");
            assertThat(broadcast.path("text").asText()).isEqualTo("from the backend");
            assertThat(broadcast.path("data").toString()).isEqualTo("[1,2]");
            assertThat(broadcast.path("from").path("id").asText()).isEqualTo("server");
            assertThat(broadcast.path("from").path("name").asText()).isEqualTo("server");

            given().contentType(ContentType.JSON).body("{\"title\":\"Hello\",\"body\":\"from ops\",\"tag\":\"t1\"}")
                    .post("/api/notifications").then().statusCode(200).body("delivered", greaterThanOrEqualTo(1));
            JsonNode notification = a.next("notification");
            assertThat(notification.path("title").asText()).isEqualTo("Hello");
            assertThat(notification.path("from").path("id").asText()).isEqualTo("server");
        }
        given().contentType(ContentType.JSON).body("{}").post("/api/broadcast")
                .then().statusCode(400).body("error", equalTo("bad_message"));
        given().contentType(ContentType.JSON).body("{\"body\":\"no title\"}").post("/api/notifications")
                .then().statusCode(400).body("error", equalTo("bad_message"));
    }

    @Test
    void roomsOverRest() {
        String room = "rest-" + UUID.randomUUID().toString().substring(0, 8);
        given().get("/api/rooms/" + room).then().statusCode(404).body("error", equalTo("not_found"));
        given().contentType(ContentType.JSON).body("{\"text\":\"nobody\"}").post("/api/rooms/" + room + "/messages")
                .then().statusCode(404).body("error", equalTo("not_found"));
        try (WsClient a = WsClient.joined(vertx, base, "member")) {
            a.send("join", "room", room);
            a.next("joined");
            given().contentType(ContentType.JSON).body("{\"text\":\"hello room\"}").post("/api/rooms/" + room + "/messages")
                    .then().statusCode(200).body("delivered", equalTo(1)).body("seq", equalTo(1));
            JsonNode message = a.next("message");
            assertThat(message.path("text").asText()).isEqualTo("hello room");
            assertThat(message.path("from").path("id").asText()).isEqualTo("server");
            given().contentType(ContentType.JSON).body("{\"data\":{\"n\":2}}").post("/api/rooms/" + room + "/messages")
                    .then().statusCode(200).body("seq", equalTo(2));

            given().get("/api/rooms").then().statusCode(200).body("rooms.room", hasItem(room));
            given().get("/api/rooms/" + room).then().statusCode(200)
                    .body("room", equalTo(room)).body("members", equalTo(1))
                    .body("who[0].name", equalTo("member"));

            given().delete("/api/rooms/" + room).then().statusCode(200).body("removed", equalTo(1));
            assertThat(a.next("room_closed").path("room").asText()).isEqualTo(room);
            given().get("/api/rooms/" + room).then().statusCode(404);
            given().delete("/api/rooms/" + room).then().statusCode(404).body("error", equalTo("not_found"));
        }
    }

    @Test
    void unknownPathsAnswerJson() {
        given().get("/api/nothing-here").then().statusCode(404);
    }

    @Test
    void corsAllowsConfiguredOriginsOnly() {
        given().header("Origin", "http://allowed.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Content-Type")
                .options("/api/analyze")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("http://allowed.example"));
        given().header("Origin", "http://allowed.example").contentType(ContentType.JSON)
                .body("{\"action\":\"click\",\"timestamp\":\"t\"}").post("/api/analyze")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo("http://allowed.example"));
        given().header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/analyze")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void openApiDescribesTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/analyze'", notNullValue())
                .body("paths.'/api/rooms/{room}/messages'", notNullValue());
    }
}
