package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** A plain JDK WebSocket client for tests: frames are JSON, received ones are queued or handed on. */
final class TextWsClient implements WebSocket.Listener, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private volatile Consumer<JsonNode> handler;
    private volatile boolean closed;
    private WebSocket ws;

    static TextWsClient connect(URI uri) {
        TextWsClient c = new TextWsClient();
        c.ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, c).join();
        return c;
    }

    /** From now on frames go to {@code handler} (on the receiving thread) instead of the queue. */
    void handle(Consumer<JsonNode> handler) {
        this.handler = handler;
    }

    void send(String json) {
        synchronized (sendLock) {
            // The JDK allows one outstanding send; waiting here keeps frames in order.
            ws.sendText(json, true).join();
        }
    }

    void send(ObjectNode frame) {
        send(frame.toString());
    }

    static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** The next frame matching {@code which}, skipping others (welcome, ticks, counts). */
    JsonNode next(Predicate<JsonNode> which) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
                if (f == null) {
                    return fail("no matching frame within 10 s (closed=" + closed + ")");
                }
                if (which.test(f)) {
                    return f;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next frame of {@code type}. */
    JsonNode next(String type) {
        return next(f -> type.equals(f.path("type").asText()));
    }

    /** The next frame about document {@code doc} (text, text_op, text_ack) or an error. */
    JsonNode nextAbout(String doc) {
        return next(f -> doc.equals(f.path("doc").asText()) || "error".equals(f.path("type").asText()));
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                JsonNode f = JSON.readTree(text);
                Consumer<JsonNode> h = handler;
                if (h != null) {
                    h.accept(f);
                } else {
                    frames.add(f);
                }
            } catch (Exception e) {
                frames.add(JSON.createObjectNode().put("type", "test_failure").put("message", e.toString()));
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
    }

    @Override
    public void close() {
        if (!closed) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        ws.abort();
    }
}
