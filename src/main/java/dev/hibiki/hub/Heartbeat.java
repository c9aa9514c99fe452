package dev.hibiki.hub;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Pings every connection each {@code hibiki.heartbeat.interval} and drops those silent for longer
 * than {@code hibiki.heartbeat.timeout}. Browsers and WebSocket libraries answer pings on their
 * own, so only dead peers (half-open TCP) are ever dropped. Transports with a heartbeat of their
 * own (Engine.IO's) are left to it.
 */
@ApplicationScoped
public class Heartbeat {

    /** Close code for a peer that stopped answering pings. */
    public static final int CLOSE_TIMEOUT = 4000;

    private final Connections connections;
    private final HubConfig.Heartbeat config;
    private final Vertx vertx;

    Heartbeat(Connections connections, HubConfig config, Vertx vertx) {
        this.connections = connections;
        this.config = config.heartbeat();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(config.interval().toMillis(), timer -> beat());
    }

    void beat() {
        long timeout = config.timeout().toNanos();
        for (Client client : connections.all()) {
            Peer peer = client.peer();
            if (peer.ownHeartbeat()) {
                continue;
            }
            if (client.silentForNanos() > timeout) {
                client.close(CLOSE_TIMEOUT, "heartbeat timeout");
            } else {
                peer.ping();
            }
        }
    }
}
