package dev.hibiki.hub;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * On SIGTERM Quarkus reports not-ready at once and waits {@code quarkus.shutdown.delay} (so
 * Kubernetes stops routing new clients here). As that delay begins the hub tells clients to
 * reconnect elsewhere after {@code reconnect_ms}, closes them with 1001 behind their queued frames
 * and waits a bounded time for them to flush. (Quarkus' own graceful shutdown waits for HTTP
 * requests only; an upgraded request stops counting as one at its 101, see
 * {@code dev.hibiki.edge.InFlightRequests}.) Without a delay the drain runs on {@link ShutdownEvent}.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final Hub hub;
    private final HubConfig config;

    GracefulShutdown(Hub hub, HubConfig config) {
        this.hub = hub;
        this.config = config;
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        if (!hub.draining()) {
            drain();
        }
    }

    private void drain() {
        int before = hub.connections();
        int left = hub.drain(config.shutdown().drainTimeout());
        LOG.infof("Shutdown: told %d clients to reconnect; %d still open after the drain", before, left);
    }
}
