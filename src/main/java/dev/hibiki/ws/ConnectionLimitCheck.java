package dev.hibiki.ws;

import dev.hibiki.security.UpgradeCheck;
import java.util.Optional;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.Connections;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubConfig;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Caps connections in total (503) and per client address (429). Checked at upgrade time, so a
 * burst of simultaneous upgrades may pass the cap by the few that are in flight.
 */
@ApplicationScoped
@Priority(10)
public class ConnectionLimitCheck implements UpgradeCheck {

    private final Connections connections;
    private final HubConfig.Limits limits;

    ConnectionLimitCheck(Connections connections, HubConfig config) {
        this.connections = connections;
        this.limits = config.limits();
    }

    @Override
    public Optional<Refusal> check(RoutingContext request, Admission admission) {
        if (connections.size() >= limits.maxConnections()) {
            return Optional.of(new Refusal(ErrorCode.FORBIDDEN, 503,
                    "server full: " + limits.maxConnections() + " connections"));
        }
        if (connections.fromAddress(admission.address()) >= limits.maxConnectionsPerAddress()) {
            return Optional.of(new Refusal(ErrorCode.RATE_LIMITED, 429,
                    "too many connections from your address (" + limits.maxConnectionsPerAddress() + ")"));
        }
        return Optional.empty();
    }
}
