package dev.hibiki.bench;

import dev.hibiki.cli.ClientFailure;
import dev.hibiki.cli.Target;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The generator's connections, spread over a few event-loop contexts (one per loop). Each
 * connection lives on its context: its frames arrive there and the scenario's timers for it run
 * there, so sending never hops threads and no thread is spent per connection.
 */
final class Fleet {

    /** Receives every text frame of every connection, on that connection's event loop. */
    interface Sink {
        void text(Conn conn, String raw);
    }

    static final class Conn {
        final int index;
        final Context context;
        volatile WebSocket socket;

        Conn(int index, Context context) {
            this.index = index;
            this.context = context;
        }

        void send(String text) {
            WebSocket s = socket;
            if (s != null && !s.isClosed()) {
                s.writeTextMessage(text);
            }
        }
    }

    private final Vertx vertx;
    private final WebSocketClient client;
    private final List<Context> contexts = new ArrayList<>();
    final List<Conn> conns = new ArrayList<>();
    private final Meter meter;
    private volatile boolean closing;
    /** Why the first failed connection failed, to show beside the count. */
    final java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();

    Fleet(Vertx vertx, BenchOptions options, int eventLoops, Meter meter) {
        this.vertx = vertx;
        this.meter = meter;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(options.connections() + 64)
                .setConnectTimeout(10_000)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(4 << 20)
                .setTryUsePerMessageCompression(options.deflate()));
        for (int i = 0; i < eventLoops; i++) {
            // From a non-Vert.x thread each call makes a new context on the next event loop.
            contexts.add(vertx.getOrCreateContext());
        }
    }

    Vertx vertx() {
        return vertx;
    }

    /**
     * Opens {@code count} connections in batches of {@code batch}, waiting for each batch and then
     * {@code pauseMs}; returns how many connected. Failures are counted, not thrown. With several
     * targets (the nodes of a cluster) connections go to them in turn.
     */
    int open(List<Target> targets, int count, int batch, long pauseMs, Sink sink, PrintStream progress) throws InterruptedException {
        int connected = 0;
        for (int start = 0; start < count; start += batch) {
            int size = Math.min(batch, count - start);
            CountDownLatch done = new CountDownLatch(size);
            int[] ok = new int[1];
            for (int i = 0; i < size; i++) {
                Conn conn = new Conn(conns.size(), contexts.get(conns.size() % contexts.size()));
                conns.add(conn);
                Target target = targets.get(conn.index % targets.size());
                conn.context.runOnContext(v -> connect(target, conn, sink, done, ok));
            }
            if (!done.await(30, TimeUnit.SECONDS)) {
                progress.println("  batch at " + start + " did not finish connecting within 30 s");
            }
            synchronized (ok) {
                connected += ok[0];
            }
            if (start + size < count) {
                progress.printf("  ramp-up: %d/%d connected%n", connected, count);
                Thread.sleep(pauseMs);
            }
        }
        return connected;
    }

    private void connect(Target target, Conn conn, Sink sink, CountDownLatch done, int[] ok) {
        WebSocketConnectOptions options = target.connectOptions();
        client.connect(options).onComplete(result -> {
            if (result.succeeded()) {
                WebSocket socket = result.result();
                socket.textMessageHandler(raw -> sink.text(conn, raw));
                socket.closeHandler(v -> {
                    if (!closing) {
                        meter.unexpectedCloses.increment();
                    }
                });
                conn.socket = socket;
                synchronized (ok) {
                    ok[0]++;
                }
            } else {
                meter.connectFailures.increment();
                firstFailure.compareAndSet(null, String.valueOf(result.cause().getMessage()));
            }
            done.countDown();
        });
    }

    /** Closes every connection and waits (briefly) for the closes to go out. */
    void close() {
        closing = true;
        CountDownLatch done = new CountDownLatch(conns.size());
        for (Conn conn : conns) {
            WebSocket s = conn.socket;
            if (s == null || s.isClosed()) {
                done.countDown();
            } else {
                conn.context.runOnContext(v -> s.close().onComplete(r -> done.countDown()));
            }
        }
        try {
            done.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Target target(String url, String token) throws ClientFailure {
        return Target.parse(url, "bench", token);
    }
}
