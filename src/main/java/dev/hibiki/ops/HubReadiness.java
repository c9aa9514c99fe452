package dev.hibiki.ops;

import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.hibiki.hub.Degradation;
import dev.hibiki.hub.Connections;
import dev.hibiki.rooms.RoomCensus;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;

/**
 * Readiness of the hub, at /q/health/ready as the check "hub". UP while it serves; DOWN with
 * state "draining" once shutdown has begun, so Kubernetes and load balancers stop sending new
 * connections while existing ones are told to reconnect elsewhere.
 *
 * Cluster mode reports a lost Redis here with {@link #degraded(String)}: the state reads
 * "degraded" with the reason, but the node stays ready, because it still serves its own clients
 * and Redis being down affects every replica alike; taking them all out of the Service would
 * turn a partial outage into a full one (docs/CLUSTER.md).
 */
@Readiness
@Default // @Readiness is a qualifier; @Default keeps the bean injectable as plain HubReadiness
@ApplicationScoped
public class HubReadiness implements HealthCheck {

    /** What the hub is doing; DRAINING is not ready, DEGRADED still is. */
    public enum State {
        SERVING, DEGRADED, DRAINING
    }

    private record Status(State state, String reason) {
    }

    private final AtomicReference<Status> status = new AtomicReference<>(new Status(State.SERVING, null));
    private final Connections connections;
    private final RoomCensus rooms;

    HubReadiness(Connections connections, RoomCensus rooms) {
        this.connections = connections;
        this.rooms = rooms;
    }

    @Override
    public HealthCheckResponse call() {
        Status now = status.get();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("hub")
                .status(now.state() != State.DRAINING)
                .withData("state", now.state().name().toLowerCase(java.util.Locale.ROOT))
                .withData("connections", connections.size())
                .withData("rooms", rooms.count());
        if (now.reason() != null) {
            response.withData("reason", now.reason());
        }
        return response.build();
    }

    public State state() {
        return status.get().state();
    }

    /** Serving with a reduced service, with a reason (e.g. "redis unreachable"); draining takes precedence. */
    void onDegradation(@Observes Degradation change) {
        if (change.degraded()) {
            degraded(change.reason());
        } else {
            serving();
        }
    }

    public void degraded(String reason) {
        status.updateAndGet(s -> s.state() == State.DRAINING ? s : new Status(State.DEGRADED, reason));
    }

    /** Ready again after {@link #degraded(String)}; does not undo draining. */
    public void serving() {
        status.updateAndGet(s -> s.state() == State.DRAINING ? s : new Status(State.SERVING, null));
    }

    /** Shutdown has begun: never ready again in this process. */
    public void draining() {
        status.set(new Status(State.DRAINING, "shutting down"));
    }

    /** Fired by Quarkus when quarkus.shutdown.delay-enabled is set, at the start of the delay. */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        draining();
    }
}
