package dev.hibiki.security;

import java.util.Optional;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.ErrorCode;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A browser page may only open a WebSocket to Hibiki from an allowed origin: without this any site
 * a user visits could connect in their name (cross-site WebSocket hijacking). First of the checks.
 */
@ApplicationScoped
@Priority(50)
public class OriginCheck implements UpgradeCheck {

    private final OriginPolicy policy;

    OriginCheck(OriginPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Optional<Refusal> check(RoutingContext context, Admission admission) {
        String origin = context.request().getHeader("Origin");
        if (policy.allows(origin, context.request().authority())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(ErrorCode.FORBIDDEN, OriginFilter.message(origin)));
    }
}
