package dev.hibiki.cluster;

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
 * the order they were issued (so a sender's messages keep their order across nodes), and one
 * subscribed to the cluster channel. Either failing takes both down; they are then re-opened with
 * a growing back-off until Redis answers again. Never blocks: everything runs on Vert.x.
 */
final class RedisLink {

    private static final Logger LOG = Logger.getLogger(RedisLink.class);

    /** What the link reports to its owner. */
    interface Listener {
        void message(String payload);

        void up(boolean afterOutage);

        void down(String reason);
    }

    private final Redis redis;
    private final Vertx vertx;
    private final ClusterConfig config;
    private final String channel;
    private final Listener listener;
    private volatile RedisConnection commands;
    private volatile RedisConnection subscriber;
    private volatile boolean up;
    private volatile boolean stopped;
    private boolean everUp;
    private long backoffMillis;
    /** Bumped on every (re)connect and loss, so handlers of dead connections go quiet. */
    private volatile int generation;

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
            }
        });
        return answer.future();
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
        LOG.infof("cluster: connected to Redis, subscribed to %s", channel);
        listener.up(afterOutage);
    }

    private Future<Void> subscribe(int attempt, RedisConnection cmd, RedisConnection sub) {
        sub.handler(response -> {
            if (attempt == generation) {
                onPush(response);
            }
        });
        Consumer<String> onLoss = reason -> lost(attempt, reason);
        for (RedisConnection connection : new RedisConnection[] { cmd, sub }) {
            connection.exceptionHandler(e -> onLoss.accept("connection failed: " + e.getMessage()));
            connection.endHandler(v -> onLoss.accept("connection closed by Redis"));
        }
        return sub.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
                .onFailure(e -> closeQuietly(sub))
                .map(ok -> {
                    commands = cmd;
                    subscriber = sub;
                    return null;
                });
    }

    private void onPush(Response response) {
        // RESP2 delivers ["message", channel, payload] as a multi-bulk, RESP3 as a push.
        if ((response.type() == ResponseType.PUSH || response.type() == ResponseType.MULTI) && response.size() == 3
                && "message".equals(response.get(0).toString())) {
            listener.message(response.get(2).toString());
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
