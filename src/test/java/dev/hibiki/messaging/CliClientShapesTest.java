package dev.hibiki.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The fifth seed app's command-line client works against /ws with only its URI changed: its
 * `broadcast {content}`, `command {command}` and `echo {text, timestamp}` frames are answered.
 */
@QuarkusTest
class CliClientShapesTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void broadcastContentIsTheTextOrTheData() {
        try (WsClient cli = WsClient.joined(TestVertx.shared(), base, "cli");
                WsClient other = WsClient.joined(TestVertx.shared(), base, "other")) {
            cli.sendRaw("{\"type\":\"broadcast\",\"content\":\"hello from the cli\"}");
            assertThat(other.next(f -> "hello from the cli".equals(f.path("text").asText()), "text broadcast")
                    .path("from").path("name").asText()).isEqualTo("cli");
            cli.send("broadcast", "content", Map.of("k", 1));
            assertThat(other.next(f -> f.path("data").path("k").asInt() == 1, "data broadcast").path("type").asText())
                    .isEqualTo("broadcast");
        }
    }

    @Test
    void commandsStatusAndPingAreAnswered() {
        try (WsClient cli = WsClient.joined(TestVertx.shared(), base, "cli")) {
            cli.sendRaw("{\"type\":\"command\",\"command\":\"status\",\"id\":1}");
            JsonNode status = cli.next("status");
            assertThat(status.path("re").asInt()).isEqualTo(1);
            assertThat(status.path("connections").asInt()).isPositive();
            cli.sendRaw("{\"type\":\"command\",\"command\":\"ping\",\"id\":2}");
            assertThat(cli.next("pong").path("re").asInt()).isEqualTo(2);
            cli.sendRaw("{\"type\":\"command\",\"command\":\"reboot\",\"id\":3}");
            JsonNode error = cli.next("error");
            assertThat(error.path("code").asText()).isEqualTo("bad_message");
            assertThat(error.path("message").asText()).contains("reboot");
        }
    }

    @Test
    void echoWithATimestampIsEchoed() {
        try (WsClient cli = WsClient.joined(TestVertx.shared(), base, "cli")) {
            cli.sendRaw("{\"type\":\"echo\",\"text\":\"hi\",\"timestamp\":\"2026-11-29T20:00:00Z\"}");
            assertThat(cli.next("echo").path("text").asText()).isEqualTo("hi");
        }
    }
}
