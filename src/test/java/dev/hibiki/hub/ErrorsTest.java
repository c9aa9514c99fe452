package dev.hibiki.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;

/** Bad input gets a defined error, the connection keeps working, and other clients never notice. */
@QuarkusTest
class ErrorsTest {

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    private static void assertError(JsonNode error, String code) {
        assertThat(error.path("code").asText()).as(error.toString()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    private static void assertStillWorks(WsClient client) {
        client.send("echo", "text", "still here");
        assertThat(client.next("echo").path("text").asText()).isEqualTo("still here");
    }

    @Test
    void malformedJsonIsBadJsonAndTheConnectionStays() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.sendRaw("{\"type\": \"echo\", \"text\": ");
            assertError(a.next("error"), "bad_json");
            a.sendRaw("");
            assertError(a.next("error"), "bad_json");
            assertStillWorks(a);
        }
    }

    @Test
    void framesThatAreNotMessagesAreBadMessage() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            for (String frame : new String[] { "[1,2]", "42", "\"echo\"", "{}", "{\"type\":7}",
                    "{\"type\":\"echo\"}", "{\"type\":\"echo\",\"text\":5}", "{\"type\":\"echo\",\"text\":{}}",
                    "{\"type\":\"join\"}", "{\"type\":\"join\",\"room\":\"\"}", "{\"type\":\"join\",\"room\":\"a\\u0007b\"}",
                    "{\"type\":\"broadcast\",\"self\":\"no\",\"text\":\"x\"}", "{\"type\":\"broadcast\"}",
                    "{\"type\":\"notify\"}", "{\"type\":\"echo\",\"text\":\"x\",\"id\":{\"a\":1}}" }) {
                a.sendRaw(frame);
                assertError(a.next("error"), "bad_message");
            }
            assertStillWorks(a);
        }
    }

    @Test
    void errorsCarryTheRequestIdWhenThereIsOne() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.sendRaw("{\"type\":\"echo\",\"id\":\"e1\"}");
            JsonNode error = a.next("error");
            assertError(error, "bad_message");
            assertThat(error.path("re").asText()).isEqualTo("e1");
        }
    }

    @Test
    void unknownTypesAreNamed() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.sendRaw("{\"type\":\"teleport\",\"id\":3,\"where\":\"moon\"}");
            JsonNode error = a.next("error");
            assertError(error, "unknown_type");
            assertThat(error.path("message").asText()).contains("teleport");
            assertThat(error.path("re").asInt()).isEqualTo(3);
            assertStillWorks(a);
        }
    }

    @Test
    void extraFieldsAreIgnored() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.sendRaw("{\"type\":\"echo\",\"text\":\"hi\",\"colour\":\"blue\",\"nested\":{\"deep\":[1]}}");
            assertThat(a.next("echo").path("text").asText()).isEqualTo("hi");
        }
    }

    @Test
    void binaryFramesAreRefusedPolitely() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.sendBinary(new byte[] { 1, 2, 3 });
            assertError(a.next("error"), "bad_message");
            assertStillWorks(a);
        }
    }

    @Test
    void oversizedFramesAreTooLargeThenClosed1009() {
        try (WsClient big = WsClient.joined(vertx, base, "big"); WsClient bystander = WsClient.joined(vertx, base, "by")) {
            String text = "あ".repeat(30_000); // 90,000 UTF-8 bytes in 30,000 characters
            big.send("echo", "text", text);
            assertError(big.next("error"), "too_large");
            assertThat(big.awaitClose()).isEqualTo(1009);
            assertStillWorks(bystander);
            // Just under the limit is fine.
            bystander.send("echo", "text", "x".repeat(60_000));
            assertThat(bystander.next("echo").path("text").asText()).hasSize(60_000);
        }
    }

    @Test
    void floodsAreRateLimitedWithoutHurtingOthers() {
        try (WsClient flood = WsClient.joined(vertx, base, "flood"); WsClient calm = WsClient.joined(vertx, base, "calm")) {
            String ping = "{\"type\":\"ping\"}";
            for (int i = 0; i < 600; i++) {
                flood.sendRaw(ping);
            }
            assertError(flood.next(f -> "error".equals(f.path("type").asText()), "rate_limited error"), "rate_limited");
            assertStillWorks(calm);
            assertThat(flood.closeCode()).isEmpty();
        }
    }

    @Test
    void invalidDisplayNamesAreRefusedAtUpgrade() {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI("/ws?name=" + "x".repeat(33));
        assertThatThrownBy(() -> vertx.createWebSocketClient().connect(options).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(400);
                    String body = e.getBody().toString(StandardCharsets.UTF_8);
                    assertThat(body).contains("\"error\":\"bad_message\"").contains("32");
                });
    }
}
