package dev.hibiki.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;

/**
 * The REST door has the same input bound as /ws (hibiki.limits.max-message-bytes, 64 KiB, counted
 * in UTF-8 bytes): a larger body is 413 {@code too_large} with the JSON error body, nothing is
 * delivered, and the WebSocket clients are untouched. Every answer is bounded too.
 */
@QuarkusTest
class RestLimitsTest {

    private static final int LIMIT = 65536;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    Vertx vertx = TestVertx.shared();

    private static String body(String field, String value) {
        return JSON.createObjectNode().put(field, value).toString();
    }

    private static void assertTooLarge(String path, String body) {
        given().contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(413)
                .contentType(ContentType.JSON)
                .body("error", equalTo("too_large"));
    }

    @Test
    void aBroadcastOverTheMessageLimitIsRefusedAndClientsStayConnected() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            assertTooLarge("/api/broadcast", body("text", "x".repeat(LIMIT)));
            // 30,000 characters, 90,000 bytes: the limit counts bytes, like /ws does.
            assertTooLarge("/api/broadcast", body("text", "日".repeat(30_000)));
            assertTooLarge("/api/notifications", "{\"title\":\"t\",\"body\":\"" + "b".repeat(LIMIT) + "\"}");

            // Just under the limit still goes out.
            given().contentType(ContentType.JSON).body(body("text", "y".repeat(LIMIT - 100))).post("/api/broadcast")
                    .then().statusCode(200);
            assertThat(a.next("broadcast").path("text").asText()).hasSize(LIMIT - 100);
            assertThat(a.all("broadcast")).hasSize(1);
            assertThat(a.all("notification")).isEmpty();
            a.send("echo", "text", "still here");
            assertThat(a.next("echo").path("text").asText()).isEqualTo("still here");
            assertThat(a.isClosed()).isFalse();
        }
    }

    @Test
    void everyBodyTakingEndpointHasTheLimit() {
        String room = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        String big = body("text", "z".repeat(LIMIT + 1));
        try (WsClient member = WsClient.joined(vertx, base, "member")) {
            member.send("join", "room", room);
            member.next("joined");
            assertTooLarge("/api/rooms/" + room + "/messages", big);
            assertTooLarge("/api/echo", big);
            assertTooLarge("/post", big);
            assertTooLarge("/api/analyze", "{\"action\":\"" + "a".repeat(LIMIT) + "\",\"timestamp\":1}");
            assertTooLarge("/analyze", "{\"action\":\"" + "a".repeat(LIMIT) + "\",\"timestamp\":1}");
            given().get("/api/rooms/" + room).then().statusCode(200).body("seq", equalTo(0));
            assertThat(member.all("message")).isEmpty();
        }
    }

    @Test
    void aBodyWithoutContentLengthIsCountedToo() throws Exception {
        assertChunkedTooLarge("POST", "/api/broadcast", body("text", "c".repeat(LIMIT * 2)));
        // Above the HTTP ceiling (1 MiB), also where a whole document may be sent.
        assertChunkedTooLarge("POST", "/api/broadcast", body("text", "c".repeat(2 * 1024 * 1024)));
        assertChunkedTooLarge("PUT", "/api/text/chunked", body("text", "c".repeat(2 * 1024 * 1024)));
    }

    private void assertChunkedTooLarge(String method, String path, String json) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        // A body from a stream of unknown length goes out chunked, with no Content-Length.
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("too_large");
    }

    @Test
    void aBodyOverTheHttpCeilingGetsTheJsonErrorToo() throws Exception {
        // A raw socket announces 12 MiB and sends the first bytes: the answer comes before the rest
        // (a library client would insist on writing all of it first, into a closed connection).
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/broadcast HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (12 * 1024 * 1024) + "\r\n\r\n"
                    + "{\"text\":\"hhhh";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response.toLowerCase()).contains("content-type: application/json");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(JSON.readTree(body).path("error").asText()).isEqualTo("too_large");
        }
    }

    @Test
    void analyzeDoesNotRepeatItsInput() throws Exception {
        String action = "u".repeat(LIMIT - 200);
        String answer = given().contentType(ContentType.JSON)
                .body("{\"action\":\"" + action + "\",\"timestamp\":1}").post("/api/analyze")
                .then().statusCode(200).extract().asString();
        JsonNode analysis = JSON.readTree(answer);
        assertThat(analysis.path("action").asText()).isEqualTo(action);
        assertThat(analysis.path("message").asText()).startsWith("Unknown action: uuu").hasSizeLessThan(200);
        assertThat(answer.length()).isLessThan(LIMIT + 1024);
    }
}
