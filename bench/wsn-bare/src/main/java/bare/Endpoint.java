package bare;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;

/**
 * The subset of protocol v1 that bench/node-ws/server.js speaks (welcome, echo, ping, status,
 * broadcast) on a plain websockets-next endpoint, with Jackson as Hibiki uses it: what Quarkus
 * and websockets-next cost without any of Hibiki's work.
 */
@WebSocket(path = "/ws")
public class Endpoint {

    private static final AtomicLong NEXT = new AtomicLong(1);
    private static final long STARTED = System.nanoTime();
    /** Open connections, counted here: OpenConnections.listAll() copies them all (O(n) per call). */
    private static final AtomicInteger OPEN = new AtomicInteger();

    @Inject
    ObjectMapper mapper;

    @Inject
    OpenConnections connections;

    @OnOpen
    @NonBlocking
    public String open(WebSocketConnection connection) {
        String name = connection.handshakeRequest().query();
        name = name != null && name.startsWith("name=") ? name.substring(5) : "guest";
        String id = "w" + NEXT.getAndIncrement();
        int open = OPEN.incrementAndGet();
        connection.userData().put(TypedKey.forString("name"), name);
        connection.userData().put(TypedKey.forString("id"), id);
        ObjectNode welcome = mapper.createObjectNode().put("type", "welcome").put("id", id).put("name", name)
                .put("connections", open).put("node", "wsn-bare").put("version", "peer");
        return welcome.toString();
    }

    @OnClose
    @NonBlocking
    public void close() {
        OPEN.decrementAndGet();
    }

    @OnTextMessage
    @NonBlocking
    public void message(String text, WebSocketConnection connection) throws Exception {
        JsonNode f;
        try {
            f = mapper.readTree(text);
        } catch (Exception e) {
            send(connection, "{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"not JSON\"}");
            return;
        }
        long count = connection.userData().get(TypedKey.forLong("count")) == null
                ? 1 : connection.userData().get(TypedKey.forLong("count")) + 1;
        connection.userData().put(TypedKey.forLong("count"), count);
        String ts = Instant.now().toString();
        String type = f.path("type").asText();
        ObjectNode out = mapper.createObjectNode();
        switch (type) {
            case "echo" -> out.put("type", "echo").set("text", f.get("text"));
            case "ping" -> out.put("type", "pong").set("t", f.get("t"));
            case "status" -> out.put("type", "status").put("connections", OPEN.get()).put("rooms", 0)
                    .put("uptime", (System.nanoTime() - STARTED) / 1e9).put("node", "wsn-bare").put("version", "peer");
            case "broadcast" -> {
                ObjectNode from = mapper.createObjectNode()
                        .put("id", connection.userData().get(TypedKey.forString("id")))
                        .put("name", connection.userData().get(TypedKey.forString("name")));
                out.put("type", "broadcast").set("from", from);
                out.set("text", f.get("text"));
                out.put("ts", ts);
                String encoded = out.toString();
                boolean self = f.path("self").asBoolean(true);
                for (WebSocketConnection c : connections) {
                    if (self || !c.id().equals(connection.id())) {
                        send(c, encoded);
                    }
                }
                return;
            }
            default -> out.put("type", "error").put("code", "unknown_type").put("message", "unknown type " + type);
        }
        if (type.equals("echo")) {
            out.put("count", count);
        }
        out.put("ts", ts);
        if (f.has("id")) {
            out.set("re", f.get("id"));
        }
        send(connection, out.toString());
    }

    private static void send(WebSocketConnection connection, String text) {
        connection.sendText(text).subscribe().with(done -> { }, failure -> { });
    }
}
