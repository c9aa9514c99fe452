package dev.hibiki.text;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;

/**
 * A document's size counts what reaches the wire: characters that JSON escapes (U+0001 becomes
 * six bytes) cannot grow {@code main} past what a connection may queue, so the editors and every
 * new client, which gets {@code main} after its welcome, keep their connections. Default limits.
 */
@QuarkusTest
@TestProfile(TextWireSizeTest.FreshServer.class)
class TextWireSizeTest {

    /** Its own server, so the document it fills is nobody else's {@code main}. */
    public static class FreshServer implements QuarkusTestProfile {
    }

    @TestHTTPResource("/")
    URI base;

    Vertx vertx = TestVertx.shared();

    private static void assertStillWorks(WsClient client) {
        client.send("echo", "text", "still here");
        assertThat(client.next("echo").path("text").asText()).isEqualTo("still here");
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void escapedCharactersCannotGrowMainPastWhatAClientMayQueue() {
        // 10,000 U+0001 are 60,000 bytes of JSON: one op frame under the 64 KiB frame limit, and
        // 26 of them stay under hibiki.text.max-length (262,144) yet make ~1.5 MB of JSON.
        String chunk = "\u0001".repeat(10_000);
        try (WsClient editor = WsClient.joined(vertx, base, "editor");
                WsClient bystander = WsClient.joined(vertx, base, "bystander")) {
            editor.next("text");
            bystander.next("text");
            long rev = 0;
            JsonNode refusal = null;
            for (int i = 0; i < 26 && refusal == null; i++) {
                int id = i;
                Object op = rev == 0 ? List.of(chunk) : List.of(rev * chunk.length(), chunk);
                editor.send("text_op", "doc", "main", "rev", rev, "op", op, "id", id);
                JsonNode answer = editor.next(f -> f.path("re").asInt(-1) == id, "answer to op " + id);
                if ("error".equals(answer.path("type").asText())) {
                    refusal = answer;
                } else {
                    rev = answer.path("rev").asLong();
                }
            }
            assertThat(refusal).as("an op that makes the document too large on the wire").isNotNull();
            assertThat(refusal.path("code").asText()).isEqualTo("too_large");
            assertThat(refusal.path("message").asText()).contains("bytes");
            assertThat(rev).isGreaterThan(0);

            long accepted = rev;
            await().atMost(WsClient.WAIT).until(() -> bystander.all("text_op").size() == accepted);
            assertStillWorks(bystander);
            assertStillWorks(editor);

            try (WsClient newcomer = WsClient.connect(vertx, base, "name=newcomer")) {
                newcomer.next("welcome");
                JsonNode text = newcomer.next("text");
                assertThat(text.path("rev").asLong()).isEqualTo(accepted);
                assertThat(text.path("text").asText()).hasSize((int) accepted * chunk.length());
                assertStillWorks(newcomer);
            }
        }
    }

    @Test
    void aPutThatIsTooLargeOnTheWireIsRefusedWithTheJsonError() {
        // 100,000 units (well under max-length), 600,000 bytes as JSON.
        given().contentType(ContentType.JSON).body(Map.of("text", "\u0001".repeat(100_000)))
                .put("/api/text/{doc}", "escapes")
                .then().statusCode(413)
                .body("error", equalTo("too_large"))
                .body("message", containsString("bytes"));
        given().get("/api/text/{doc}", "escapes").then().statusCode(200).body("rev", equalTo(0));
        // The same number of plain characters is fine.
        given().contentType(ContentType.JSON).body(Map.of("text", "a".repeat(100_000)))
                .put("/api/text/{doc}", "escapes")
                .then().statusCode(200).body("rev", equalTo(1));
    }
}
