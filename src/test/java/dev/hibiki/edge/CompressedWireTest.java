package dev.hibiki.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.testing.CompressionOn;
import dev.hibiki.testing.TestVertx;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * With per-message compression switched on (off by default), compressed frames carry RSV1 and
 * compressed bytes: the wire checks must see them after decompression, and let them through.
 */
@QuarkusTest
@TestProfile(CompressionOn.class)
class CompressedWireTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void compressedNonAsciiTextStillEchoes() throws Exception {
        WebSocketClient client = TestVertx.shared().createWebSocketClient(
                new WebSocketClientOptions().setTryUsePerMessageCompression(true));
        CompletableFuture<String> echo = new CompletableFuture<>();
        String text = "圧縮された響き ".repeat(200);
        try {
            // Vert.x keeps the handshake's headers only until the socket's first interaction: read
            // them in the completion itself.
            CompletableFuture<String> extensions = new CompletableFuture<>();
            WebSocket socket = client.connect(new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                    .setURI("/ws?name=compressed")).onSuccess(ws -> extensions.complete(
                            ws.headers() == null ? null : ws.headers().get("Sec-WebSocket-Extensions")))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            socket.textMessageHandler(frame -> {
                try {
                    JsonNode json = new ObjectMapper().readTree(frame);
                    if ("echo".equals(json.path("type").asText())) {
                        echo.complete(json.path("text").asText());
                    }
                } catch (Exception e) {
                    echo.completeExceptionally(e);
                }
            });
            socket.closeHandler(v -> echo.completeExceptionally(new AssertionError("closed " + socket.closeStatusCode())));
            assertThat(extensions.get(10, TimeUnit.SECONDS)).as("negotiated").contains("permessage-deflate");
            socket.writeTextMessage(new ObjectMapper().createObjectNode().put("type", "echo").put("text", text).toString());
            assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo(text);
        } finally {
            client.close();
        }
    }
}
