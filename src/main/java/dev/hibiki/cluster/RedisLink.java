package dev.hibiki.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

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
 * and one holding the node's sharded subscriptions: the hub channel always, each room channel
 * this node has members in and each shared document's channel ({@link #subscribe}). On Redis Cluster both are cluster connections, so
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
    /** Room and document channels this node wants, subscribed again after every reconnect. */
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
    /** Commands sent first on every new connection (the scripts, so EVALSHA finds them). */
    private final Supplier<List<Request>> preamble;
    /** Since when the link reconnects because a slot moved (failover, resharding); 0 when not. */
    private volatile long movingSince;
    /** Commands issued while a slot moves: sent in order once reconnected, or failed after the command timeout. */
    private final Deque<Parked> parked = new ArrayDeque<>();

    private record Parked(Request request, Promise<Response> answer) {
    }

    RedisLink(Redis redis, Vertx vertx, ClusterConfig config, String channel, Listener listener,
            Supplier<List<Request>> preamble) {
        this.preamble = preamble;
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
        this.channel = channel;
        this.listener = listener;
        this.backoffMillis = config.reconnectMin().toMillis();
    }

    /** Connected, or reconnecting only because a slot moved (commands wait meanwhile). */
    boolean up() {
        return up || movingSince != 0;
    }

    /** Channels besides the hub's subscribed (or being subscribed) now that {@code which} accepts; for gauges. */
    int subscriptions(Predicate<String> which) {
        int count = 0;
        for (String name : wanted) {
            if (which.test(name)) {
                count++;
            }
        }
        return count;
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
            return park(request);
        }
        Promise<Response> answer = Promise.promise();
        dispatch(connection, generation, request, answer);
        return answer.future();
    }

    /** While a slot moves, a command waits (in order) for the new connection, up to the command timeout. */
    private synchronized Future<Response> park(Request request) {
        RedisConnection connection = commands;
        if (up && connection != null) { // reconnected meanwhile: after the parked ones, in order
            Promise<Response> answer = Promise.promise();
            dispatch(connection, generation, request, answer);
            return answer.future();
        }
        if (movingSince == 0) {
            return Future.failedFuture(new ClusterUnavailable("Redis is unreachable"));
        }
        Parked waiting = new Parked(request, Promise.promise());
        parked.add(waiting);
        vertx.setTimer(config.commandTimeout().toMillis(), t -> {
            boolean expired;
            synchronized (this) {
                expired = parked.remove(waiting);
            }
            if (expired) {
                waiting.answer().tryFail(new ClusterUnavailable("Redis Cluster did not settle within " + config.commandTimeout()));
            }
        });
        return waiting.answer().future();
    }

    private void dispatch(RedisConnection connection, int attempt, Request request, Promise<Response> answer) {
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
                    lost(attempt, "Redis Cluster moved a slot (" + message + ")", true);
                } else if (message != null && message.startsWith("READONLY")) {
                    // Sentinel turned this primary into a replica: reconnect to the new primary.
                    lost(attempt, "the primary became a replica (" + message + ")", true);
                }
            }
        });
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
        if (stopped || up) {
            return; // a second retry timer (a loss and a failed attempt both schedule one)
        }
        int attempt = ++generation;
        redis.connect()
                .compose(cmd -> redis.connect()
                        .compose(sub -> subscribe(attempt, cmd, sub))
                        .onFailure(e -> closeQuietly(cmd)))
                .onSuccess(v -> onConnected(attempt))
                .onFailure(e -> {
                    if (attempt == generation) { // a superseded attempt leaves retrying to the newer one
                        retry("cannot reach Redis: " + e.getMessage());
                    }
                });
    }

    private void onConnected(int attempt) {
        boolean afterOutage;
        synchronized (this) {
            if (attempt != generation || stopped) {
                return;
            }
            afterOutage = everUp;
            everUp = true;
            RedisConnection connection = commands;
            // Before anything issued from now on: the scripts, then what waited while a slot moved.
            for (Request load : preamble.get()) {
                dispatch(connection, attempt, load, Promise.promise());
            }
            for (Parked waiting = parked.poll(); waiting != null; waiting = parked.poll()) {
                dispatch(connection, attempt, waiting.request(), waiting.answer());
            }
            movingSince = 0;
            up = true;
            backoffMillis = config.reconnectMin().toMillis();
        }
        LOG.infof("cluster: connected to Redis, subscribed to %s and %d room and document channels", channel, wanted.size());
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
                    synchronized (this) {
                        if (attempt != generation || stopped) {
                            // Superseded by a newer attempt: these connections must not linger subscribed.
                            closeQuietly(cmd);
                            closeQuietly(sub);
                            throw new ClusterUnavailable("a newer connection attempt took over");
                        }
                        commands = cmd;
                        subscriber = sub;
                    }
                    resubscribes.addAndGet(rooms.size());
                    return null;
                });
    }

    private void onPush(int attempt, Response response) {
        if (response.type() == ResponseType.ERROR) {
            lost(attempt, "Redis refused a subscription (" + response + ")", response.toString().startsWith("MOVED"));
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
                    lost(attempt, "Redis dropped the subscription to " + name + " (failover or resharding)", true);
                }
            }
            default -> {
            }
        }
    }

    private void lost(int attempt, String reason) {
        lost(attempt, reason, false);
    }

    /**
     * Closes both connections and reconnects. When a slot moved ({@code moved}: failover or
     * resharding, Redis itself is there), commands wait for the new connections for up to the
     * command timeout instead of the node going degraded: nothing is numbered locally meanwhile.
     */
    private synchronized void lost(int attempt, String reason, boolean moved) {
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
            if (moved) {
                movingSince = System.nanoTime();
                LOG.infof("cluster: %s; reconnecting, commands wait meanwhile", reason);
            } else {
                degrade(reason);
            }
        } else if (movingSince != 0 && !moved) {
            degrade(reason);
        }
        retry(reason);
    }

    /** Redis is unreachable: commands fail at once and the node serves its own clients only. */
    private void degrade(String reason) {
        movingSince = 0;
        List<Parked> failed = new ArrayList<>(parked);
        parked.clear();
        failed.forEach(waiting -> waiting.answer().tryFail(new ClusterUnavailable("Redis is unreachable")));
        LOG.warnf("cluster: lost Redis (%s); serving local clients only until it is back", reason);
        listener.down(reason);
    }

    private synchronized void retry(String reason) {
        if (stopped) {
            return;
        }
        if (movingSince != 0 && System.nanoTime() - movingSince > config.commandTimeout().toNanos()) {
            degrade("Redis Cluster did not settle within " + config.commandTimeout() + ": " + reason);
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
