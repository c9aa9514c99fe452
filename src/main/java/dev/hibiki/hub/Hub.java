package dev.hibiki.hub;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;

/**
 * The hub: admits and releases connections and keeps the connected count. Features (presence,
 * rooms, broadcast, text, ...) build on it through {@link FanOut} and the
 * {@link ClientOpened}/{@link ClientClosed} events.
 */
@ApplicationScoped
public class Hub {

    private final Connections connections;
    private final FanOut fanOut;
    private final Json json;
    private final HubStats stats;
    private final HubConfig config;
    private final Vertx vertx;
    private final Event<ClientOpened> opened;
    private final Event<ClientClosed> closed;
    private final String node;
    private final String version;
    private final Instant started = Instant.now();
    private final AtomicBoolean countPending = new AtomicBoolean();
    private final OtherNodes others;
    private volatile boolean draining;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    Hub(Connections connections, FanOut fanOut, Json json, HubStats stats, HubConfig config, Vertx vertx,
            Event<ClientOpened> opened, Event<ClientClosed> closed, Instance<OtherNodes> others,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.connections = connections;
        this.fanOut = fanOut;
        this.json = json;
        this.stats = stats;
        this.config = config;
        this.vertx = vertx;
        this.opened = opened;
        this.closed = closed;
        this.version = version;
        this.node = config.node().orElseGet(Hub::hostName);
        this.others = others.get();
    }

    /** Admits a new connection, whatever its transport: welcome to it, a fresh count to all. */
    public Client open(Peer peer, Admission admission) {
        String id = peer.id();
        String name = admission.name() != null ? admission.name() : defaultName();
        Client client = new Client(peer, new Who(id, name), admission, json, stats, config.limits());
        client.onClose(this::close);
        // Welcome first, then become visible: nothing (a count, a broadcast) may precede the welcome.
        client.send(new Frames.Welcome(id, name, connections() + 1, node, version));
        connections.add(client);
        countChanged();
        opened.fire(new ClientOpened(client));
        return client;
    }

    /** Releases a connection that has closed, for whatever reason. */
    public void close(Client client) {
        if (!connections.remove(client)) {
            return;
        }
        closed.fire(new ClientClosed(client));
        if (draining) {
            if (connections.size() == 0) {
                drained.complete(null);
            }
            return;
        }
        countChanged();
    }

    /** True once shutdown has begun: new upgrades are refused. */
    public boolean draining() {
        return draining;
    }

    /**
     * Tells every client to come back later ({@code shutdown {reconnect_ms}}), closes each with 1001
     * behind its queued frames, and waits up to {@code timeout} for them to flush and close.
     * Returns the number of connections still open when the wait ended.
     */
    public int drain(Duration timeout) {
        draining = true;
        int base = config.shutdown().reconnectMs();
        for (Client client : connections.all()) {
            client.send(new Frames.Shutdown(base + ThreadLocalRandom.current().nextInt(Math.max(1, base))));
            client.closeQuietly(1001, "server shutting down");
        }
        if (connections.size() == 0) {
            drained.complete(null);
        }
        try {
            drained.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            // Whatever is still open is cut by the HTTP server's own shutdown.
        }
        return connections.size();
    }

    public Optional<Client> client(String id) {
        return connections.get(id);
    }

    /** Delivers to every connection except {@code except} (may be null); returns deliveries. */
    public int everyone(Outbound frame, Client except) {
        return fanOut.everyone(frame, except);
    }

    /** Connections of the whole hub (this node alone unless a cluster mode says otherwise). */
    public int connections() {
        return connections.size() + others.connections();
    }

    /** Connections open on this node. */
    public int localConnections() {
        return connections.size();
    }

    public String node() {
        return node;
    }

    public String version() {
        return version;
    }

    public long uptimeSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }

    public HubStats stats() {
        return stats;
    }

    /**
     * Schedules a `count` frame to everyone. Changes within one coalescing window share a frame,
     * and the frame reads the count when it is sent, so the last one is always exact. The window
     * stretches with the hub so that counts cost at most {@code count.frames-per-second}: a
     * connect storm's count frames then grow linearly with its size, not with its square.
     */
    public void countChanged() {
        long interval = config.count().interval().toMillis();
        long window = interval <= 0 ? 0
                : Math.max(interval, connections.size() * 1000L / Math.max(1, config.count().framesPerSecond()));
        if (window <= 0) {
            sendCount();
        } else if (countPending.compareAndSet(false, true)) {
            vertx.setTimer(window, timer -> sendCount());
        }
    }

    private void sendCount() {
        countPending.set(false);
        // Local clients only: in cluster mode every node sends its own clients the cluster count.
        fanOut.recipients(connections.all(), new Frames.Count(connections()), null);
    }

    private static String defaultName() {
        return "guest-" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "hibiki";
        }
    }
}
