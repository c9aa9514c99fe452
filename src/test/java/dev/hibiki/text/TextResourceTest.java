package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET and PUT /api/text/{doc}, and how REST changes reach WebSocket clients. */
@QuarkusTest
class TextResourceTest {

    @TestHTTPResource("/ws")
    URI ws;

    private static String freshDoc() {
        return "r-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void put(String doc, String text) {
        given().contentType(ContentType.JSON).body(Map.of("text", text))
                .put("/api/text/{doc}", doc).then().statusCode(200);
    }

    @Test
    void getGivesTheDocumentWithItsRevisionAsETag() {
        String doc = freshDoc();
        given().get("/api/text/{doc}", doc).then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("doc", equalTo(doc)).body("rev", equalTo(0)).body("text", equalTo(""));
        put(doc, "日本語のテキスト🇯🇵");
        given().get("/api/text/{doc}", doc).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("rev", equalTo(1)).body("text", equalTo("日本語のテキスト🇯🇵"));
    }

    @Test
    void putReachesEveryWebSocketClientAsAnOpFromTheServer() {
        String doc = freshDoc();
        put(doc, "hello world");
        try (TextWsClient c = TextWsClient.connect(URI.create(ws.toString().replaceFirst("^http", "ws")))) {
            c.next("text"); // main, on connect: the client is registered from here on
            given().contentType(ContentType.JSON).body(Map.of("text", "hello 世界"))
                    .put("/api/text/{doc}", doc).then().statusCode(200)
                    .body("rev", equalTo(2)).body("text", equalTo("hello 世界"));
            JsonNode op = c.nextAbout(doc);
            assertEquals("text_op", op.get("type").asText());
            assertEquals(2, op.get("rev").asLong());
            assertEquals("[6,\"世界\",-5]", op.get("op").toString());
            assertEquals("server", op.get("from").get("id").asText());
        }
    }

    @Test
    void putWithAStaleIfMatchIsRefusedWith412() {
        String doc = freshDoc();
        put(doc, "one");
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("text", "two"))
                .put("/api/text/{doc}", doc).then().statusCode(200).header("ETag", "\"2\"");
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("text", "three"))
                .put("/api/text/{doc}", doc).then().statusCode(412)
                .contentType(ContentType.JSON)
                .body("error", equalTo("precondition_failed")).body("message", containsString("rev 2"));
        given().get("/api/text/{doc}", doc).then().body("text", equalTo("two")).body("rev", equalTo(2));
    }

    @Test
    void badRequestsGetAClearError() {
        String doc = freshDoc();
        given().contentType(ContentType.JSON).header("If-Match", "yesterday").body(Map.of("text", "x"))
                .put("/api/text/{doc}", doc).then().statusCode(400).body("error", equalTo("bad_message"));
        given().contentType(ContentType.JSON).body("{}")
                .put("/api/text/{doc}", doc).then().statusCode(400).body("error", equalTo("bad_message"));
        given().get("/api/text/{doc}", "bad name!").then().statusCode(400).body("error", equalTo("bad_message"));
        given().get("/api/text/{doc}", doc).then().body("rev", equalTo(0));
    }
}
