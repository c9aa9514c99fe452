package dev.hibiki.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * A fan-out writes one shared frame to every recipient, whichever event loop each is on: every
 * other connection gets each broadcast intact, for every frame-length form and multi-byte text.
 */
@QuarkusTest
class FanOutTest {

    @TestHTTPResource("/")
    URI base;

    Vertx vertx = TestVertx.shared();

    @Test
    void everyRecipientGetsEveryBroadcastIntactAndInOrder() {
        // Short (7-bit length), medium (16-bit) and long (64-bit: more than 65,535 bytes once the
        // envelope is added) frames, with two- to four-byte UTF-8 characters.
        List<String> texts = List.of("hi", "ü€𝄞".repeat(40), "é".repeat(32_740));
        List<WsClient> receivers = new ArrayList<>();
        try (WsClient sender = WsClient.joined(vertx, base, "sender")) {
            for (int i = 0; i < 6; i++) {
                // Several connections, so recipients sit on more than one event loop.
                receivers.add(WsClient.joined(vertx, base, "receiver" + i));
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < texts.size(); i++) {
                    sender.send("broadcast", "text", texts.get(i), "data", round * 10 + i, "self", false);
                }
            }
            for (WsClient receiver : receivers) {
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < texts.size(); i++) {
                        var got = receiver.next("broadcast");
                        assertThat(got.path("data").asInt()).isEqualTo(round * 10 + i);
                        assertThat(got.path("text").asText()).isEqualTo(texts.get(i));
                    }
                }
            }
        } finally {
            receivers.forEach(WsClient::close);
        }
    }
}
