package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.messaging.Announcer;
import dev.hibiki.socketio.SioClient.Transports;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Java extension point: a CDI bean implementing {@link Vocabulary} serves its own namespace,
 * answers acks, and turns hub frames into its own events (the example of docs/SOCKETIO.md).
 */
@QuarkusTest
class CustomVocabularyTest {

    /** A stock ticker namespace: {@code quote {symbol}} broadcasts, every broadcast is a {@code price}. */
    @ApplicationScoped
    public static class Quotes implements Vocabulary {

        private final Announcer announcer;

        Quotes(Announcer announcer) {
            this.announcer = announcer;
        }

        @Override
        public String namespace() {
            return "/quotes";
        }

        @Override
        public boolean onEvent(SioSocket socket, String event, JsonNode payload, Long ack) {
            if (!"quote".equals(event)) {
                return false;
            }
            ObjectNode data = JsonNodeFactory.instance.objectNode().put("symbol", payload.path("symbol").asText()).put("price", 42);
            int delivered = announcer.broadcast(socket.client().who(), null, data, null);
            socket.ack(ack, JsonNodeFactory.instance.objectNode().put("delivered", delivered));
            return true;
        }

        @Override
        public void translate(String type, ObjectNode frame, Events out) {
            if ("broadcast".equals(type) && frame.path("data").has("symbol")) {
                out.emit("price", frame.get("data"));
            }
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aVocabularyBeanServesItsNamespace() throws Exception {
        try (SioClient trader = SioClient.connected(base, "/quotes", Transports.WEBSOCKET);
                SioClient watcher = SioClient.connected(base, "/quotes", Transports.POLLING)) {
            JSONObject ack = (JSONObject) trader.call("quote", SioClient.json("symbol", "HBK"))[0];
            assertThat(ack.getInt("delivered")).isGreaterThanOrEqualTo(2);
            assertThat(watcher.next("price").json().getString("symbol")).isEqualTo("HBK");
            assertThat(trader.next("price").json().getInt("price")).isEqualTo(42);
        }
    }
}
