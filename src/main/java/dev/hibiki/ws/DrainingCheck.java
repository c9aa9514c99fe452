package dev.hibiki.ws;

import dev.hibiki.security.UpgradeCheck;
import java.util.Optional;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Hub;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** A node that is shutting down accepts no new connections (503): clients go to another replica. */
@ApplicationScoped
@Priority(1)
public class DrainingCheck implements UpgradeCheck {

    private final Hub hub;

    DrainingCheck(Hub hub) {
        this.hub = hub;
    }

    @Override
    public Optional<Refusal> check(RoutingContext request, Admission admission) {
        return hub.draining() ? Optional.of(new Refusal(ErrorCode.FORBIDDEN, 503, "server shutting down"))
                : Optional.empty();
    }
}
