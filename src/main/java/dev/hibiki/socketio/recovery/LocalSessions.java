package dev.hibiki.socketio.recovery;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.hibiki.socketio.SocketIoConfig;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Dropped sessions in this process: a client recovers on this node only. Bounded by
 * {@code hibiki.socketio.recovery.max-sessions} (the oldest go first) and by their time to live.
 * Cluster mode keeps its sessions here too while Redis is unreachable.
 */
@ApplicationScoped
@LookupUnlessProperty(name = "hibiki.cluster.mode", stringValue = "redis", lookupIfMissing = true)
public class LocalSessions implements SessionStore {

    private record Kept(SavedSession session, long expiresAtMillis) {
    }

    private final int maxSessions;
    /** In the order they were kept, which is the order they expire in (one time to live for all). */
    private final Map<String, Kept> sessions = new LinkedHashMap<>();

    @Inject
    LocalSessions(SocketIoConfig config) {
        this(config.recovery().maxSessions());
    }

    LocalSessions(int maxSessions) {
        this.maxSessions = Math.max(0, maxSessions);
    }

    @Override
    public synchronized void keep(SavedSession session, Duration ttl) {
        long now = System.currentTimeMillis();
        forgetExpired(now);
        if (maxSessions == 0) {
            return;
        }
        while (sessions.size() >= maxSessions) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        sessions.put(session.pid(), new Kept(session, now + ttl.toMillis()));
    }

    @Override
    public synchronized CompletionStage<SavedSession> take(String pid) {
        Kept kept = sessions.remove(pid);
        boolean live = kept != null && kept.expiresAtMillis() > System.currentTimeMillis();
        return CompletableFuture.completedFuture(live ? kept.session() : null);
    }

    /** Sessions kept now (for tests and metrics). */
    public synchronized int size() {
        forgetExpired(System.currentTimeMillis());
        return sessions.size();
    }

    private void forgetExpired(long now) {
        Iterator<Kept> all = sessions.values().iterator();
        while (all.hasNext() && all.next().expiresAtMillis() <= now) {
            all.remove();
        }
    }
}
