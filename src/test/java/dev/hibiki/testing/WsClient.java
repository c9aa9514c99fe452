package dev.hibiki.testing;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * A real WebSocket client for tests, on plain Vert.x (no server code involved). It records every
 * frame received; {@link #next(String)} takes the oldest unread frame of a type, waiting for it.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WebSocketClient client;
    private final WebSocket socket;
    private final List<JsonNode> unread = new ArrayList<>();
    private final List<JsonNode> received = new ArrayList<>();
    private volatile Short closeCode;
    private final io.vertx.core.MultiMap handshakeHeaders;

    private WsClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        // Vert.x hands the response headers out only while the connect completes.
        this.handshakeHeaders = socket.headers() == null ? io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                : io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(socket.headers());
        socket.textMessageHandler(this::onText);
        socket.closeHandler(v -> closeCode = socket.closeStatusCode());
    }

    /** Connects to {@code /ws} of the server at {@code base}, with an optional query string. */
    public static WsClient connect(Vertx vertx, URI base, String query) {
        return connect(vertx, base, query, options -> {
        });
    }

    /**
     * Connects like {@link #connect(Vertx, URI, String)}, letting the caller add to the handshake
     * (headers such as {@code Authorization} or {@code Origin}, offered subprotocols).
     */
    public static WsClient connect(Vertx vertx, URI base, String query, Consumer<WebSocketConnectOptions> handshake) {
        return connect(vertx, base, query, clientOptions -> {
        }, handshake);
    }

    /** Connects like {@link #connect(Vertx, URI, String, Consumer)}, with client options too (e.g. compression). */
    public static WsClient connect(Vertx vertx, URI base, String query, Consumer<WebSocketClientOptions> clientOptions,
            Consumer<WebSocketConnectOptions> handshake) {
        WebSocketClientOptions wsOptions = new WebSocketClientOptions()
                .setMaxFrameSize(4 * 1024 * 1024).setMaxMessageSize(4 * 1024 * 1024);
        clientOptions.accept(wsOptions);
        WebSocketClient client = vertx.createWebSocketClient(wsOptions);
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(base.getHost()).setPort(base.getPort())
                .setURI("/ws" + (query == null ? "" : "?" + query));
        handshake.accept(options);
        try {
            // Connect from an event loop, so the handlers are set in the same turn that completes
            // the upgrade, before the loop reads any frame (the welcome may come in the same packet
            // as the 101). Connecting from the test thread, the future could complete before the
            // handlers were attached, and a frame read in between would be lost.
            io.vertx.core.Promise<WsClient> connected = io.vertx.core.Promise.promise();
            vertx.getOrCreateContext().runOnContext(v -> client.connect(options)
                    .map(socket -> new WsClient(client, socket)).onComplete(connected));
            return connected.future().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw new IllegalStateException("cannot connect: " + e.getMessage(), e);
        }
    }

    /** The headers of the server's handshake response (e.g. the extensions it accepted). */
    public io.vertx.core.MultiMap handshakeHeaders() {
        return handshakeHeaders;
    }

    public static WsClient connect(Vertx vertx, URI base) {
        return connect(vertx, base, null);
    }

    /** Connects and consumes the welcome, so tests start from a known point. */
    public static WsClient joined(Vertx vertx, URI base, String name) {
        WsClient client = connect(vertx, base, name == null ? null : "name=" + name);
        try {
            client.next("welcome");
        } catch (RuntimeException | Error e) {
            client.close(); // the caller never gets it to close
            throw e;
        }
        return client;
    }

    private void onText(String text) {
        try {
            JsonNode frame = MAPPER.readTree(text);
            synchronized (this) {
                unread.add(frame);
                received.add(frame);
            }
        } catch (Exception e) {
            throw new IllegalStateException("server sent invalid JSON: " + text, e);
        }
    }

    public void sendRaw(String text) {
        socket.writeTextMessage(text);
    }

    public void send(String type, Object... fieldsAndValues) {
        ObjectNode frame = MAPPER.createObjectNode().put("type", type);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            frame.set((String) fieldsAndValues[i], MAPPER.valueToTree(fieldsAndValues[i + 1]));
        }
        sendRaw(frame.toString());
    }

    public void sendBinary(byte[] bytes) {
        socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    /** Takes the oldest unread frame of this type, waiting for one to arrive. */
    public JsonNode next(String type) {
        return next(frame -> type.equals(frame.path("type").asText()), type);
    }

    /** Takes the oldest unread frame matching, waiting for one to arrive. */
    public JsonNode next(Predicate<JsonNode> match, String description) {
        JsonNode[] found = new JsonNode[1];
        await().alias("frame " + description + " on " + this).atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> (found[0] = take(match)) != null);
        return found[0];
    }

    private synchronized JsonNode take(Predicate<JsonNode> match) {
        for (int i = 0; i < unread.size(); i++) {
            if (match.test(unread.get(i))) {
                return unread.remove(i);
            }
        }
        return null;
    }

    /** Every frame received so far, read or not. */
    public synchronized List<JsonNode> all() {
        return List.copyOf(received);
    }

    /** Every frame received so far of a type, read or not. */
    public synchronized List<JsonNode> all(String type) {
        return received.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** Unread frames of a type, without taking them. */
    public synchronized List<JsonNode> unread(String type) {
        return unread.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** Waits for the server to close the connection and returns the close code. */
    public int awaitClose() {
        await().alias("close of " + this).atMost(WAIT).until(() -> closeCode != null);
        return closeCode;
    }

    public Optional<Short> closeCode() {
        return Optional.ofNullable(closeCode);
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
        client.close();
    }
}
