package dev.hibiki.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The node's two connections to Redis: one that runs every command and publish of this node in
 * the order they were issued (per slot: so a sender's messages to one channel keep their order),
 * and one holding the node's sharded subscriptions: the hub channel always, and each room channel
 * this node has members in ({@link #subscribe}). On Redis Cluster both are cluster connections, so
 * a command and a subscription go to the primary owning its slot.
 *
 * <p>Either connection failing, a subscription Redis drops on its own (a {@code sunsubscribe}
 * push: failover or resharding moved the slot) or a {@code MOVED} answer takes both down; they are
 * then re-opened with a growing back-off, every wanted channel is subscribed again, and the owner
 * is told ({@link Listener#up}) so it refills what it may have missed meanwhile. Never blocks:
 * everything runs on Vert.x.
 */
final class RedisLink {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);

    /** What the link reports to its owner. */
    interface Listener {
        void message(String channel, String payload);

        void up(boolean afterOutage);

        void down(String reason);
    }

    private final Redis redis;
    private final Vertx vertx;
    private final ClusterConfig config;
    private final String channel;
    private final Listener listener;
    /** Room channels this node wants, subscribed again after every reconnect. */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** Subscriptions sent and not yet confirmed by an {@code ssubscribe} push. */
    private final Map<String, Promise<Void>> pending = new ConcurrentHashMap<>();
    /** Unsubscriptions sent whose {@code sunsubscribe} push is still due (so it is not taken for a moved slot). */
    private final Map<String, Integer> leaving = new ConcurrentHashMap<>();
    private volatile RedisConnection commands;
    private volatile RedisConnection subscriber;
    private volatile boolean up;
    private volatile boolean stopped;
    private boolean everUp;
    private long backoffMillis;
    /** Bumped on every (re)connect and loss, so handlers of dead connections go quiet. */
    private volatile int generation;
    private final AtomicLong resubscribes = new AtomicLong();

    RedisLink(Redis redis, Vertx vertx, ClusterConfig config, String channel, Listener listener) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
        this.channel = channel;
        this.listener = listener;
        this.backoffMillis = config.reconnectMin().toMillis();
    }

    boolean up() {
        return up;
    }

    /** Room channels subscribed (or being subscribed) now. */
    int subscriptions() {
        return wanted.size();
    }

    /** Room channels subscribed again after a reconnect, since start. */
    long resubscribes() {
        return resubscribes.get();
    }

    void start() {
        vertx.runOnContext(v -> connect());
    }

    void stop() {
        stopped = true;
        up = false;
        closeQuietly(commands);
        closeQuietly(subscriber);
    }

    /** Runs a command on the ordered connection; fails at once while Redis is down. */
    Future<Response> send(Request request) {
        RedisConnection connection = commands;
        if (!up || connection == null) {
            return Future.failedFuture(new ClusterUnavailable("Redis is unreachable"));
        }
        int attempt = generation;
        Promise<Response> answer = Promise.promise();
        long timer = vertx.setTimer(config.commandTimeout().toMillis(), t -> {
            if (answer.tryFail(new ClusterUnavailable("Redis did not answer within " + config.commandTimeout()))) {
                lost(attempt, "a command timed out");
            }
        });
        connection.send(request).onComplete(result -> {
            vertx.cancelTimer(timer);
            if (result.succeeded()) {
                answer.tryComplete(result.result());
            } else {
                answer.tryFail(result.cause());
                String message = result.cause().getMessage();
                if (message != null && message.startsWith("MOVED")) {
                    // A failover or resharding moved a slot: reconnect with the new slot map.
                    lost(attempt, "Redis Cluster moved a slot (" + message + ")");
                }
            }
        });
        return answer.future();
    }

    /**
     * Subscribes to a room channel; completes once Redis confirmed it, so what is published there
     * from then on reaches this node. Fails while Redis is down (the channel is subscribed on
     * reconnect all the same).
     */
    Future<Void> subscribe(String room) {
        wanted.add(room);
        RedisConnection connection = subscriber;
        if (!up || connection == null) {
            return Future.failedFuture(new ClusterUnavailable("Redis is unreachable"));
        }
        return ssubscribe(generation, connection, room);
    }

    /** Stops receiving a room channel. */
    void unsubscribe(String room) {
        if (!wanted.remove(room)) {
            return;
        }
        RedisConnection connection = subscriber;
        if (up && connection != null) {
            leaving.merge(room, 1, Integer::sum);
            connection.send(Request.cmd(Command.SUNSUBSCRIBE).arg(room));
        }
    }

    private Future<Void> ssubscribe(int attempt, RedisConnection connection, String name) {
        Promise<Void> fresh = Promise.promise();
        Promise<Void> existing = pending.putIfAbsent(name, fresh);
        if (existing != null) {
            return existing.future();
        }
        long timer = vertx.setTimer(config.commandTimeout().toMillis(), t -> {
            if (pending.remove(name, fresh)
                    && fresh.tryFail(new ClusterUnavailable("Redis did not confirm the subscription to " + name))) {
                lost(attempt, "Redis did not confirm the subscription to " + name);
            }
        });
        fresh.future().onComplete(done -> vertx.cancelTimer(timer));
        connection.send(Request.cmd(Command.SSUBSCRIBE).arg(name)).onFailure(e -> {
            if (pending.remove(name, fresh)) {
                fresh.tryFail(e);
            }
        });
        return fresh.future();
    }

    private synchronized void connect() {
        if (stopped) {
            return;
        }
        int attempt = ++generation;
        redis.connect()
                .compose(cmd -> redis.connect()
                        .compose(sub -> subscribe(attempt, cmd, sub))
                        .onFailure(e -> closeQuietly(cmd)))
                .onSuccess(v -> onConnected(attempt))
                .onFailure(e -> retry("cannot reach Redis: " + e.getMessage()));
    }

    private void onConnected(int attempt) {
        boolean afterOutage;
        synchronized (this) {
            if (attempt != generation || stopped) {
                return;
            }
            afterOutage = everUp;
            everUp = true;
            up = true;
            backoffMillis = config.reconnectMin().toMillis();
        }
        LOG.infof("cluster: connected to Redis, subscribed to %s and %d room channels", channel, wanted.size());
        listener.up(afterOutage);
    }

    private Future<Void> subscribe(int attempt, RedisConnection cmd, RedisConnection sub) {
        pending.values().forEach(p -> p.tryFail(new ClusterUnavailable("reconnecting to Redis")));
        pending.clear();
        leaving.clear();
        sub.handler(response -> {
            if (attempt == generation) {
                onPush(attempt, response);
            }
        });
        Consumer<String> onLoss = reason -> lost(attempt, reason);
        for (RedisConnection connection : new RedisConnection[] { cmd, sub }) {
            connection.exceptionHandler(e -> onLoss.accept("connection failed: " + e.getMessage()));
            connection.endHandler(v -> onLoss.accept("connection closed by Redis"));
        }
        List<Future<Void>> confirmations = new ArrayList<>();
        confirmations.add(ssubscribe(attempt, sub, channel));
        List<String> rooms = List.copyOf(wanted);
        rooms.forEach(room -> confirmations.add(ssubscribe(attempt, sub, room)));
        return Future.all(confirmations)
                .onFailure(e -> closeQuietly(sub))
                .map(ok -> {
                    commands = cmd;
                    subscriber = sub;
                    resubscribes.addAndGet(rooms.size());
                    return null;
                });
    }

    private void onPush(int attempt, Response response) {
        if (response.type() == ResponseType.ERROR) {
            lost(attempt, "Redis refused a subscription (" + response + ")");
            return;
        }
        // RESP2 delivers ["smessage", channel, payload] as a multi-bulk, RESP3 as a push.
        if ((response.type() != ResponseType.PUSH && response.type() != ResponseType.MULTI) || response.size() != 3) {
            return;
        }
        String kind = response.get(0).toString();
        String name = response.get(1).toString();
        switch (kind) {
            case "smessage", "message" -> listener.message(name, response.get(2).toString());
            case "ssubscribe" -> {
                Promise<Void> confirmed = pending.remove(name);
                if (confirmed != null) {
                    confirmed.tryComplete();
                }
            }
            case "sunsubscribe" -> {
                if (leaving.containsKey(name)) {
                    leaving.computeIfPresent(name, (k, n) -> n > 1 ? n - 1 : null); // one we asked for
                } else if (name.equals(channel) || wanted.contains(name)) {
                    lost(attempt, "Redis dropped the subscription to " + name + " (failover or resharding)");
                }
            }
            default -> {
            }
        }
    }

    private synchronized void lost(int attempt, String reason) {
        if (stopped || attempt != generation) {
            return;
        }
        generation++; // handlers of the old connections go quiet
        closeQuietly(commands);
        closeQuietly(subscriber);
        commands = null;
        subscriber = null;
        if (up) {
            up = false;
            LOG.warnf("cluster: lost Redis (%s); serving local clients only until it is back", reason);
            listener.down(reason);
        }
        retry(reason);
    }

    private synchronized void retry(String reason) {
        if (stopped) {
            return;
        }
        if (!up && !everUp && backoffMillis == config.reconnectMin().toMillis()) {
            LOG.warnf("cluster: %s; serving local clients only, retrying", reason);
            listener.down(reason);
        }
        long wait = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, config.reconnectMax().toMillis());
        vertx.setTimer(wait, t -> connect());
    }

    private static void closeQuietly(RedisConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }
}
