package dev.hibiki.socketio.recovery;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Where dropped sessions wait for their clients: this node ({@link LocalSessions}, the default) or
 * Redis, shared by every node ({@code cluster.RedisSessions}, {@code hibiki.cluster.mode=redis}).
 */
public interface SessionStore {

    /** Keeps a dropped socket's session for {@code ttl}. */
    void keep(SavedSession session, Duration ttl);

    /** Takes (and forgets) the session with this pid; completes with null when none is kept. */
    CompletionStage<SavedSession> take(String pid);
}
