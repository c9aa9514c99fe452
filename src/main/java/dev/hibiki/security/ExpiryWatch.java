package dev.hibiki.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.ClientClosed;
import dev.hibiki.hub.ClientOpened;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A token checked at the upgrade does not stay valid forever: each connection admitted with an
 * expiry gets one timer that closes it with {@value #CLOSE_TOKEN_EXPIRED} when the token (plus the
 * clock skew) runs out. The client reconnects with a fresh token.
 */
@ApplicationScoped
public class ExpiryWatch {

    /** Close code: the connection's token has expired (application range 4000-4999). */
    public static final int CLOSE_TOKEN_EXPIRED = 4001;
    static final String REASON = "token expired";

    private final Vertx vertx;
    private final Map<String, Long> timers = new ConcurrentHashMap<>();

    ExpiryWatch(Vertx vertx) {
        this.vertx = vertx;
    }

    void opened(@Observes ClientOpened event) {
        Client client = event.client();
        long expiresAt = client.admission().expiresAtEpochSecond();
        if (expiresAt <= 0) {
            return;
        }
        long delay = Math.max(1, expiresAt * 1000 - System.currentTimeMillis());
        // Set from the connection's event loop, so the timer fires there too.
        long timer = vertx.setTimer(delay, id -> {
            timers.remove(client.id());
            client.close(CLOSE_TOKEN_EXPIRED, REASON);
        });
        timers.put(client.id(), timer);
    }

    void closed(@Observes ClientClosed event) {
        Long timer = timers.remove(event.client().id());
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** Connections waiting for their token to expire (for tests and metrics). */
    public int watched() {
        return timers.size();
    }
}
