package dev.hibiki.socketio.recovery.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.cluster.Cluster;
import dev.hibiki.hub.Json;
import dev.hibiki.socketio.recovery.LocalSessions;
import dev.hibiki.socketio.recovery.SavedSession;
import dev.hibiki.socketio.recovery.SessionStore;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Dropped sessions in Redis, as JSON under {@code <prefix>:{tag}:sio-session:<pid>} with the time
 * to live as the key's expiry, taken with GETDEL so only one node restores a session. While Redis
 * is unreachable sessions are kept on this node ({@link LocalSessions}), and a take looks there too.
 */
@ApplicationScoped
@LookupIfProperty(name = "hibiki.cluster.mode", stringValue = "redis")
public class RedisSessions implements SessionStore {

    private static final Logger LOG = Logger.getLogger(RedisSessions.class);

    private final Cluster cluster;
    private final LocalSessions local;
    private final ObjectMapper mapper;

    RedisSessions(Cluster cluster, LocalSessions local, Json json) {
        this.cluster = cluster;
        this.local = local;
        this.mapper = json.mapper();
    }

    @Override
    public void keep(SavedSession session, Duration ttl) {
        String body;
        try {
            body = mapper.writeValueAsString(session);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a saved session is plain data", e);
        }
        if (!cluster.up()) {
            local.keep(session, ttl);
            return;
        }
        cluster.send(Request.cmd(Command.SET).arg(key(session.pid())).arg(body).arg("PX").arg(Math.max(1, ttl.toMillis())))
                .onFailure(e -> {
                    LOG.debugf("socketio: session kept on this node only, Redis failed: %s", e.getMessage());
                    local.keep(session, ttl);
                });
    }

    @Override
    public CompletionStage<SavedSession> take(String pid) {
        if (!cluster.up()) {
            return local.take(pid);
        }
        CompletableFuture<SavedSession> taken = new CompletableFuture<>();
        cluster.send(Request.cmd(Command.GETDEL).arg(key(pid))).onComplete(answer -> {
            SavedSession session = null;
            if (answer.succeeded() && answer.result() != null) {
                try {
                    session = mapper.readValue(answer.result().toString(), SavedSession.class);
                } catch (JsonProcessingException e) {
                    LOG.infof("socketio: unreadable saved session %s in Redis, ignored (%s)", pid, e.getOriginalMessage());
                }
            } else if (answer.failed()) {
                LOG.debugf("socketio: saved session %s not read from Redis: %s", pid, answer.cause().getMessage());
            }
            if (session != null) {
                taken.complete(session);
            } else {
                local.take(pid).thenAccept(taken::complete);
            }
        });
        return taken;
    }

    private String key(String pid) {
        return cluster.partitionKey(pid, "sio-session", pid);
    }
}
