package dev.hibiki.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.hibiki.hub.Degradation;
import dev.hibiki.hub.Hub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.RedisClusterClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * What features see of the cluster: one hub channel shared by every node, room channels a node
 * subscribes to while it has members there and a channel per shared document every node
 * subscribes to (all sharded pub/sub, Redis 7), carrying
 * {@link Envelope}s to listeners by kind, and Redis commands run in this node's issuing order.
 * In the default local mode it is inert and never looks up the Redis client, so a single node
 * needs no Redis and nothing tries to reach one.
 */
@ApplicationScoped
public class Cluster {

    private static final Logger LOG = Logger.getLogger(Cluster.class);
    /**
     * The first part after the tag of a shared document's keys and channel
     * ({@code partitionKey(doc, TEXT, doc)}): document channels count as their own intake.
     */
    public static final String TEXT = "text";
    private static final String TEXT_PART = TEXT + ":";

    private final ClusterConfig config;
    private final Instance<Redis> redis;
    private final Vertx vertx;
    private final Event<Degradation> linkEvents;
    private final Event<ClusterResync> resync;
    private final Hub hub;
    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
    private final String channel;
    private final HashSlots slots;
    /** Frames received from the hub channel, from room channels and from document channels: a node's intake, split. */
    private final AtomicLong hubIntake = new AtomicLong();
    private final AtomicLong roomIntake = new AtomicLong();
    private final AtomicLong textIntake = new AtomicLong();
    private final Map<String, List<Consumer<Envelope>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, String> shas = new ConcurrentHashMap<>();
    private volatile RedisLink link;

    Cluster(ClusterConfig config, Instance<Redis> redis, Vertx vertx, Event<Degradation> linkEvents,
            Event<ClusterResync> resync, Hub hub) {
        this.config = config;
        this.redis = redis;
        this.vertx = vertx;
        this.linkEvents = linkEvents;
        this.resync = resync;
        this.hub = hub;
        if (config.prefix().contains("{") || config.prefix().contains("}")) {
            throw new IllegalArgumentException("hibiki.cluster.prefix may not contain braces: " + config.prefix());
        }
        this.slots = enabled() ? new HashSlots(config.partitions()) : null; // a few ms of hashing, redis mode only
        this.channel = hubKey("bus");
    }

    static {
        // SCRIPT LOAD must reach every primary of a Redis Cluster, not one picked at random, or
        // EVALSHA elsewhere falls back to EVAL and a later message could overtake an earlier one.
        // The reducer makes the cluster client send it to each slot range's primary; standalone
        // and Sentinel clients do not consult it.
        RedisClusterClient.addReducer(Command.SCRIPT, answers -> answers.get(0));
        RedisClusterClient.addMasterOnlyCommand(Command.SCRIPT);
    }

    /**
     * Opens the link after the features registered their listeners (default observer priority
     * 2500) at startup, so no envelope arrives before its listener.
     */
    void start(@Observes @Priority(3000) StartupEvent event) {
        if (!enabled()) {
            return;
        }
        LOG.infof("cluster: mode redis, this node is %s", self());
        link = new RedisLink(redis.get(), vertx, config, channel, new RedisLink.Listener() {
            @Override
            public void message(String from, String payload) {
                intakeOf(from).incrementAndGet();
                deliver(payload);
            }

            @Override
            public void up(boolean afterOutage) {
                linkEvents.fire(new Degradation(false, null));
                publish(Envelope.of(Nodes.HELLO, self(), ""));
                resync.fire(new ClusterResync(afterOutage));
            }

            @Override
            public void down(String reason) {
                linkEvents.fire(new Degradation(true, "redis unreachable (" + reason + "): serving local clients only"));
            }
        }, () -> shas.keySet().stream().map(script -> Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).toList());
        link.start();
    }

    /** Closes the link after the other shutdown observers (a node's goodbye) have run. */
    void stop(@Observes @Priority(3000) ShutdownEvent event) {
        RedisLink current = link;
        if (current != null) {
            current.stop();
        }
    }

    public boolean enabled() {
        return config.mode() == ClusterConfig.Mode.REDIS;
    }

    /** Tells this node's features to announce their state again (see {@link ClusterResync}). */
    void fireResync(boolean reconnected) {
        resync.fire(new ClusterResync(reconnected));
    }

    /** Redis connected and the channel subscribed. */
    public boolean up() {
        RedisLink current = link;
        return current != null && current.up();
    }

    /**
     * This process's id on the bus: the node name plus a random suffix, because two processes may
     * share a name (one host, or a misconfigured {@code hibiki.node}).
     */
    public String self() {
        return hub.node().replace(' ', '_').replace('\n', '_') + "~" + suffix;
    }

    public String channel() {
        return channel;
    }

    public ClusterConfig config() {
        return config;
    }

    /**
     * A key in the hub's own slot, shared by the hub channel, the tick lease and the shared text's
     * set of document names, so each of their scripts touches one slot: hubKey("ticks", "lease") is
     * "hibiki:{hibiki}:ticks:lease".
     */
    public String hubKey(String... parts) {
        return config.prefix() + ":{" + config.prefix() + "}:" + String.join(":", parts);
    }

    /**
     * A key in the slot of the partition {@code name} belongs to ({@link HashSlots}):
     * partitionKey("lobby", "room", "lobby", "seq") is "hibiki:{tag}:room:lobby:seq". A room's
     * keys and its channel share a slot this way, on any number of shards.
     */
    public String partitionKey(String name, String... parts) {
        return config.prefix() + ":{" + slots.tagOf(name) + "}:" + String.join(":", parts);
    }

    /**
     * Receives a room or document channel (sharded pub/sub) from now on; completes once Redis confirmed it.
     * Fails while Redis is down; the channel is subscribed when the link comes back all the same.
     */
    public Future<Void> subscribe(String channel) {
        RedisLink current = link;
        if (current == null) {
            return Future.failedFuture(new ClusterUnavailable(enabled() ? "Redis is unreachable" : "cluster mode is off"));
        }
        return current.subscribe(channel);
    }

    /** Stops receiving a room or document channel. */
    public void unsubscribe(String channel) {
        RedisLink current = link;
        if (current != null) {
            current.unsubscribe(channel);
        }
    }

    /** Room channels this node is subscribed to. */
    public int subscriptions() {
        RedisLink current = link;
        return current == null ? 0 : current.subscriptions(name -> !isTextChannel(name));
    }

    /** Shared documents' channels this node is subscribed to (every document of the cluster). */
    public int textSubscriptions() {
        RedisLink current = link;
        return current == null ? 0 : current.subscriptions(Cluster::isTextChannel);
    }

    /** Room and document channels subscribed again after reconnects (failover, resharding, outage), since start. */
    public long resubscribes() {
        RedisLink current = link;
        return current == null ? 0 : current.resubscribes();
    }

    /** Frames received from the hub channel (broadcasts, counts, heartbeats: every node hears them all). */
    public long hubIntake() {
        return hubIntake.get();
    }

    /** Frames received from room channels: this node's own rooms' traffic. */
    public long roomIntake() {
        return roomIntake.get();
    }

    /** Frames received from shared documents' channels: every document's ops (every node hears them all). */
    public long textIntake() {
        return textIntake.get();
    }

    /** Which intake a frame from {@code from} counts in; per frame, so a comparison, not a parse. */
    private AtomicLong intakeOf(String from) {
        if (channel.equals(from)) {
            return hubIntake;
        }
        return isTextChannel(from) ? textIntake : roomIntake;
    }

    /**
     * A document's channel ({@code <prefix>:{<tag>}:text:<doc>}) rather than a room's
     * ({@code <prefix>:{<tag>}:room:<name>}): the prefix has no braces, so the first "}:" ends the tag.
     */
    private static boolean isTextChannel(String name) {
        int tagEnd = name.indexOf("}:");
        return tagEnd >= 0 && name.startsWith(TEXT_PART, tagEnd + 2);
    }

    /**
     * Registers a listener for envelopes of one kind, this node's own included. Listeners run one
     * at a time in channel order on the subscriber's event loop and must not block.
     */
    public void on(String kind, Consumer<Envelope> listener) {
        listeners.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Publishes in order with this node's other commands; false while Redis is down. */
    public boolean publish(Envelope envelope) {
        if (!up()) {
            return false;
        }
        send(publishing(envelope))
                .onFailure(e -> LOG.debugf("cluster: publish of %s failed: %s", envelope.kind(), e.getMessage()));
        return true;
    }

    /** Publishes and waits up to {@code timeout} for Redis to take it (for shutdown, off the event loop). */
    public void publishAndWait(Envelope envelope, java.time.Duration timeout) {
        if (!up()) {
            return;
        }
        try {
            send(publishing(envelope))
                    .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debugf("cluster: %s not confirmed: %s", envelope.kind(), e.getMessage());
        }
    }

    /** Runs a command on this node's ordered connection; fails with {@link ClusterUnavailable} while down. */
    public Future<Response> send(Request request) {
        RedisLink current = link;
        if (current == null) {
            return Future.failedFuture(new ClusterUnavailable(enabled() ? "Redis is unreachable" : "cluster mode is off"));
        }
        return current.send(request);
    }

    /** Runs a Lua script by its SHA1, loading it on first use or after Redis lost its script cache. */
    public Future<Response> eval(String script, List<String> keys, List<String> args) {
        String sha = shas.computeIfAbsent(script, Cluster::sha1);
        return send(script(Command.EVALSHA, sha, keys, args)).recover(e -> {
            if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                return send(script(Command.EVAL, script, keys, args));
            }
            return Future.failedFuture(e);
        });
    }

    private Request publishing(Envelope envelope) {
        return Request.cmd(Command.SPUBLISH).arg(channel).arg(envelope.encode());
    }

    private static Request script(Command command, String scriptOrSha, List<String> keys, List<String> args) {
        Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private void deliver(String payload) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(payload);
        } catch (IllegalArgumentException e) {
            LOG.debugf("cluster: ignoring a message that is not an envelope: %s", e.getMessage());
            return;
        }
        List<Consumer<Envelope>> forKind = listeners.get(envelope.kind());
        if (forKind == null) {
            return;
        }
        for (Consumer<Envelope> listener : forKind) {
            try {
                listener.accept(envelope);
            } catch (RuntimeException e) {
                LOG.errorf(e, "cluster: listener for %s failed", envelope.kind());
            }
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
