package dev.hibiki.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One WebSocket connection to a Hibiki server, with request/answer matching: a request gets a
 * numeric {@code id}, and its answer is the frame carrying the same {@code re} (or, for messages
 * without a direct reply such as {@code broadcast}, the first frame a predicate accepts).
 * Frames are parsed with Jackson's tree model only, so no reflection is needed in a native image.
 */
public final class Wire {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** What the owner of the connection hears about. Called on the Vert.x event loop. */
    public interface Listener {
        void frame(Wire wire, JsonNode frame, String raw);

        void closed(Wire wire, Close close);
    }

    /** How the connection ended; {@code byUs} when this side asked for it. */
    public record Close(int code, String reason, boolean byUs) {
        public String describe() {
            String text = "code " + code;
            return reason == null || reason.isBlank() ? text : text + ", " + reason;
        }
    }

    /** A frame that answered a request, and how long after sending it arrived. */
    public record Answer(JsonNode frame, long nanos) {
        public String type() {
            return frame.path("type").asText();
        }

        public double millis() {
            return nanos / 1_000_000.0;
        }
    }

    private record Waiter(String id, Predicate<JsonNode> matches, long sentAt, CompletableFuture<Answer> answer) {
    }

    private static final AtomicLong IDS = new AtomicLong();

    private final WebSocket socket;
    private final Listener listener;
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonNode> welcome = new CompletableFuture<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private volatile boolean closingByUs;

    private Wire(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    /**
     * Connects and waits for the server's {@code welcome}. Failures come back as a
     * {@link ClientFailure} whose exit code tells unreachable, refused and closed apart.
     */
    public static Wire open(WebSocketClient client, Target target, Listener listener, Duration timeout) throws ClientFailure {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.pathAndQuery())
                .setTimeout(timeout.toMillis());
        CompletableFuture<Wire> opened = new CompletableFuture<>();
        client.connect(options).onComplete(result -> {
            if (result.failed()) {
                opened.completeExceptionally(result.cause());
                return;
            }
            // Handlers are set on the event loop in the same turn as the upgrade completes,
            // so no frame (the welcome in particular) can slip past them.
            Wire wire = new Wire(result.result(), listener);
            wire.attach();
            opened.complete(wire);
        });
        Wire wire;
        try {
            wire = opened.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw classify(target, e.getCause());
        } catch (TimeoutException e) {
            throw new ClientFailure(ExitCode.UNREACHABLE, "cannot reach " + target.url() + ": no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientFailure(ExitCode.CONNECTION_CLOSED, "interrupted while connecting");
        }
        try {
            CompletableFuture.anyOf(wire.welcome, wire.closed).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // fall through: the checks below say what happened
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (wire.closed.isDone()) {
            throw new ClientFailure(ExitCode.CONNECTION_CLOSED,
                    "the server closed the connection before its welcome (" + wire.closed.join().describe() + ")");
        }
        if (!wire.welcome.isDone()) {
            wire.close();
            throw new ClientFailure(ExitCode.CONNECTION_CLOSED, "connected to " + target.url() + " but no welcome arrived within "
                    + timeout.toSeconds() + " s: is this a Hibiki server?");
        }
        return wire;
    }

    static ClientFailure classify(Target target, Throwable cause) {
        if (cause instanceof UpgradeRejectedException rejected) {
            String body = rejected.getBody() == null ? "" : rejected.getBody().toString().strip();
            if (body.length() > 200) {
                body = body.substring(0, 200) + "...";
            }
            return new ClientFailure(ExitCode.UPGRADE_REFUSED, "the server refused the WebSocket upgrade at " + target.url()
                    + ": HTTP " + rejected.getStatus() + (body.isEmpty() ? "" : " " + body));
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException || cause instanceof io.netty.channel.ConnectTimeoutException) {
            return new ClientFailure(ExitCode.UNREACHABLE, "cannot reach " + target.url() + ": " + oneLine(cause));
        }
        return new ClientFailure(ExitCode.CONNECTION_CLOSED, "connection to " + target.url() + " failed: " + oneLine(cause));
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private void attach() {
        socket.textMessageHandler(this::received);
        socket.exceptionHandler(error -> {
            // A reset connection ends in the close handler too; nothing to add here.
        });
        socket.closeHandler(ignored -> {
            Short code = socket.closeStatusCode();
            Close close = new Close(code == null ? 1006 : code, socket.closeReason(), closingByUs);
            closed.complete(close);
            for (Waiter waiter : waiters) {
                waiter.answer.completeExceptionally(new IllegalStateException("connection closed (" + close.describe() + ")"));
            }
            waiters.clear();
            listener.closed(this, close);
        });
    }

    private void received(String raw) {
        JsonNode frame;
        try {
            frame = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            frame = JSON.createObjectNode().put("type", "?").put("raw", raw);
        }
        listener.frame(this, frame, raw);
        if ("welcome".equals(frame.path("type").asText())) {
            welcome.complete(frame);
        }
        long now = System.nanoTime();
        String re = frame.hasNonNull("re") ? frame.get("re").asText() : null;
        for (Waiter waiter : waiters) {
            if ((re != null && re.equals(waiter.id)) || (waiter.matches != null && waiter.matches.test(frame))) {
                waiters.remove(waiter);
                waiter.answer.complete(new Answer(frame, now - waiter.sentAt));
            }
        }
    }

    /** Sends a frame with a fresh id; the future completes with its answer (see class comment). */
    public CompletableFuture<Answer> request(ObjectNode frame, Predicate<JsonNode> alsoAnswers) {
        long id = IDS.incrementAndGet();
        frame.put("id", id);
        Waiter waiter = new Waiter(Long.toString(id), alsoAnswers, System.nanoTime(), new CompletableFuture<>());
        waiters.add(waiter);
        send(frame);
        return waiter.answer;
    }

    /** Sends a frame and waits for its answer; null when none came in time. */
    public Answer ask(ObjectNode frame, Predicate<JsonNode> alsoAnswers, Duration timeout) throws ClientFailure {
        CompletableFuture<Answer> answer = request(frame, alsoAnswers);
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            waiters.removeIf(w -> w.answer == answer);
            return null;
        } catch (ExecutionException e) {
            throw new ClientFailure(ExitCode.CONNECTION_CLOSED, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientFailure(ExitCode.CONNECTION_CLOSED, "interrupted");
        }
    }

    public void send(ObjectNode frame) {
        socket.writeTextMessage(frame.toString());
    }

    public void sendRaw(String text) {
        socket.writeTextMessage(text);
    }

    public JsonNode welcome() {
        return welcome.getNow(null);
    }

    public String myId() {
        JsonNode w = welcome();
        return w == null ? null : w.path("id").asText(null);
    }

    public CompletableFuture<Close> closed() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    public void close() {
        closingByUs = true;
        if (!socket.isClosed()) {
            socket.close((short) 1000, "bye");
        }
    }

    public static ObjectNode frame(String type) {
        return JSON.createObjectNode().put("type", type);
    }
}
