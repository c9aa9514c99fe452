package dev.hibiki.socketio;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.json.JSONArray;
import org.json.JSONObject;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;

/**
 * The official Java Socket.IO client (io.socket:socket.io-client) for tests: one socket on one
 * namespace, over the transports asked for. It records every event with its arguments;
 * {@link #next} takes the oldest unread one of a name, waiting for it.
 */
public final class SioClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** Which transports the client may use. */
    public enum Transports {
        POLLING(Polling.NAME), WEBSOCKET(WebSocket.NAME), UPGRADE(Polling.NAME, WebSocket.NAME);

        final String[] names;

        Transports(String... names) {
            this.names = names;
        }
    }

    /** One event received: its name and arguments (JSONObject, JSONArray, String, byte[], ...). */
    public record Event(String name, Object[] args) {

        public JSONObject json() {
            return (JSONObject) args[0];
        }
    }

    private final Socket socket;
    private final List<Event> unread = new ArrayList<>();
    private final List<Event> received = new ArrayList<>();
    private volatile Object connectError;
    private volatile String disconnectReason;
    private volatile String transport;

    private SioClient(Socket socket) {
        this.socket = socket;
        socket.onAnyIncoming(args -> record(new Event((String) args[0], java.util.Arrays.copyOfRange(args, 1, args.length))));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connectError = args.length > 0 ? args[0] : "error");
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnectReason = args.length > 0 ? String.valueOf(args[0]) : "");
        socket.io().on(Manager.EVENT_TRANSPORT, args -> transport = ((io.socket.engineio.client.Transport) args[0]).name);
    }

    /** Opens a socket on {@code namespace} of the server at {@code base}; does not wait. */
    public static SioClient open(URI base, String namespace, Transports transports, Map<String, String> auth, String query) {
        return open(base, namespace, options(transports).setAuth(auth).setQuery(query).build());
    }

    /**
     * Opens a socket whose polling requests and WebSocket go through {@code http}, e.g. one with a
     * cookie jar (the Java client keeps no cookies by default); does not wait.
     */
    public static SioClient open(URI base, String namespace, Transports transports, okhttp3.OkHttpClient http) {
        IO.Options options = options(transports).build();
        options.callFactory = http; // the builder has no setters for these two
        options.webSocketFactory = http;
        return open(base, namespace, options);
    }

    private static io.socket.client.SocketOptionBuilder options(Transports transports) {
        return IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(transports.names)
                .setUpgrade(true);
    }

    private static SioClient open(URI base, String namespace, IO.Options options) {
        SioClient client = new SioClient(IO.socket(base.resolve(namespace), options));
        client.socket.connect();
        return client;
    }

    /** Opens a socket and waits until it is connected. */
    public static SioClient connected(URI base, String namespace, Transports transports) {
        SioClient client = open(base, namespace, transports, null, null);
        client.awaitConnected();
        return client;
    }

    public void awaitConnected() {
        await().alias("connect of " + this).atMost(WAIT).until(() -> socket.connected() || connectError != null);
        if (connectError != null) {
            throw new IllegalStateException("connect_error: " + connectError);
        }
    }

    /** Waits for the connect to be refused and returns the client's connect_error argument. */
    public Object awaitConnectError() {
        await().alias("connect_error of " + this).atMost(WAIT).until(() -> connectError != null);
        return connectError;
    }

    public Socket socket() {
        return socket;
    }

    /** The transport in use now ("polling" or "websocket"). */
    public String transport() {
        return transport;
    }

    public void emit(String event, Object... args) {
        socket.emit(event, args);
    }

    /** Emits with an acknowledgement and waits for it; returns the ack's arguments. */
    public Object[] call(String event, Object... args) {
        CompletableFuture<Object[]> answered = new CompletableFuture<>();
        Object[] withAck = java.util.Arrays.copyOf(args, args.length + 1);
        withAck[args.length] = (Ack) answer -> answered.complete(answer);
        socket.emit(event, withAck);
        try {
            return answered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no ack for " + event + " on " + this, e);
        }
    }

    private synchronized void record(Event event) {
        unread.add(event);
        received.add(event);
    }

    /** Takes the oldest unread event of this name, waiting for one. */
    public Event next(String name) {
        return next(name, event -> true);
    }

    /** Takes the oldest unread event of this name that matches, waiting for one. */
    public Event next(String name, Predicate<Event> match) {
        Event[] found = new Event[1];
        await().alias("event " + name + " on " + this).atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> (found[0] = take(name, match)) != null);
        return found[0];
    }

    private synchronized Event take(String name, Predicate<Event> match) {
        for (int i = 0; i < unread.size(); i++) {
            Event event = unread.get(i);
            if (event.name().equals(name) && match.test(event)) {
                return unread.remove(i);
            }
        }
        return null;
    }

    /** Every event of this name received so far. */
    public synchronized List<Event> all(String name) {
        return received.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** Waits for the socket to be disconnected and returns the client's reason. */
    public String awaitDisconnect() {
        await().alias("disconnect of " + this).atMost(WAIT).until(() -> disconnectReason != null);
        return disconnectReason;
    }

    public static JSONObject json(Object... fieldsAndValues) {
        JSONObject json = new JSONObject();
        try {
            for (int i = 0; i < fieldsAndValues.length; i += 2) {
                json.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
            }
        } catch (org.json.JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return json;
    }

    public static JSONArray array(Object... values) {
        return new JSONArray(List.of(values));
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.io().off();
    }

    @Override
    public String toString() {
        return "SioClient[" + socket.id() + "]";
    }
}
