package dev.hibiki.socketio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-driven Engine.IO v4 long-polling session over the JDK's HTTP client, for what the
 * official clients never send: malformed packets, overlapping polls, oversized bodies.
 */
final class RawEngine {

    static final String SEPARATOR = "\u001e";
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    final String sid;
    /** The open packet of the handshake. */
    final String openPacket;
    /** Packets read by {@link #poll()} and not yet taken. */
    private final List<String> unread = new ArrayList<>();

    private RawEngine(URI base, String sid, String openPacket) {
        this.base = base;
        this.sid = sid;
        this.openPacket = openPacket;
    }

    /** Opens a polling session (the handshake). */
    static RawEngine open(URI base) {
        HttpResponse<String> open = get(HttpClient.newHttpClient(), base.resolve("/socket.io/?EIO=4&transport=polling"));
        if (open.statusCode() != 200 || !open.body().startsWith("0{")) {
            throw new IllegalStateException("handshake failed: " + open.statusCode() + " " + open.body());
        }
        Matcher sid = SID.matcher(open.body());
        if (!sid.find()) {
            throw new IllegalStateException("no sid in " + open.body());
        }
        return new RawEngine(base, sid.group(1), open.body());
    }

    /** A session opened and connected to the default namespace (its CONNECT answer read). */
    static RawEngine connected(URI base) {
        RawEngine engine = open(base);
        engine.post("40");
        engine.next("40{");
        return engine;
    }

    URI uri() {
        return base.resolve("/socket.io/?EIO=4&transport=polling&sid=" + sid);
    }

    HttpResponse<String> post(String payload) {
        try {
            return http.send(HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "text/plain;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One GET, answered at once or held until the server has something. */
    HttpResponse<String> get() {
        return get(http, uri());
    }

    CompletableFuture<HttpResponse<String>> getAsync() {
        return http.sendAsync(HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls once and returns the packets of the answer (also kept for {@link #next}). */
    List<String> poll() {
        HttpResponse<String> response = get();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("poll answered " + response.statusCode() + " " + response.body());
        }
        List<String> packets = Arrays.asList(response.body().split(SEPARATOR, -1));
        unread.addAll(packets);
        return packets;
    }

    /** Polls until a packet starting with {@code prefix} arrives, and takes it. */
    String next(String prefix) {
        long deadline = System.nanoTime() + SioClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < unread.size(); i++) {
                if (unread.get(i).startsWith(prefix)) {
                    return unread.remove(i);
                }
            }
            poll();
        }
        throw new AssertionError("no packet starting with " + prefix);
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
