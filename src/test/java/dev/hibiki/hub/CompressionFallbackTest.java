package dev.hibiki.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.CompressionOn;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * With per-message compression switched on (docs/CONFIGURATION.md, "Transport"), frames must pass
 * the deflate encoder, which the fast path writes below: every connection falls back to
 * websockets-next's {@code sendText}, and clients that negotiated permessage-deflate and clients
 * that did not both receive every frame whole and in order.
 */
@QuarkusTest
@TestProfile(CompressionOn.class)
class CompressionFallbackTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Hub hub;

    @Test
    void compressedAndPlainClientsReceiveEveryFrameThroughSendText() {
        try (WsClient deflating = WsClient.connect(TestVertx.shared(), base, "name=deflating",
                options -> options.setTryUsePerMessageCompression(true), handshake -> {
                });
                WsClient plain = WsClient.joined(TestVertx.shared(), base, "plain")) {
            deflating.next("welcome");
            assertThat(deflating.handshakeHeaders().get("Sec-WebSocket-Extensions"))
                    .as("the server accepted permessage-deflate").contains("permessage-deflate");
            assertThat(plain.handshakeHeaders().get("Sec-WebSocket-Extensions")).isNull();
            for (WsClient c : List.of(deflating, plain)) {
                Client client = hub.client(c.all("welcome").get(0).path("id").asText()).orElseThrow();
                assertThat(client.outlet()).as("no fast path while compression is on: " + client).isNull();
            }

            // Both send, each in its own order: the deflating client's frames arrive compressed too.
            // About 24 KB of UTF-8, very compressible. The whole burst (2n frames to each receiver,
            // ~720 KB) stays under hibiki.limits.max-outbound-bytes (1 MiB): a larger one could
            // close a reader as a slow client whenever the server's loop is briefly busy (a GC pause
            // on a loaded CI machine), which is the bound working, not what this test is about.
            String text = "圧縮 compression 😀 ".repeat(1000);
            int n = 15;
            for (int i = 0; i < n; i++) {
                deflating.send("broadcast", "text", "d" + i + text, "data", "d" + i);
                plain.send("broadcast", "text", "p" + i + text, "data", "p" + i);
            }
            for (WsClient receiver : List.of(deflating, plain)) {
                List<String> fromDeflating = new ArrayList<>();
                List<String> fromPlain = new ArrayList<>();
                for (int i = 0; i < 2 * n; i++) {
                    JsonNode got = receiver.next("broadcast");
                    String data = got.path("data").asText();
                    assertThat(got.path("text").asText()).isEqualTo(data + text);
                    (data.startsWith("d") ? fromDeflating : fromPlain).add(data);
                }
                assertThat(fromDeflating).isEqualTo(IntStream.range(0, n).mapToObj(i -> "d" + i).toList());
                assertThat(fromPlain).isEqualTo(IntStream.range(0, n).mapToObj(i -> "p" + i).toList());
            }
            deflating.send("echo", "text", "こだま", "id", 7);
            JsonNode echo = deflating.next("echo");
            assertThat(echo.path("text").asText()).isEqualTo("こだま");
            assertThat(echo.path("re").asInt()).isEqualTo(7);
            assertThat(deflating.closeCode()).isEmpty();
            assertThat(plain.closeCode()).isEmpty();
        }
    }
}
