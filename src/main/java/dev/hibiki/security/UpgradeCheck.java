package dev.hibiki.security;

import java.util.Optional;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.ErrorCode;
import io.vertx.ext.web.RoutingContext;

/**
 * One rule a WebSocket upgrade request must pass (name, limits, origin, authentication).
 * Checks are CDI beans run by {@link UpgradeGate} in {@code @Priority} order (lower first); the
 * first refusal answers the request with its HTTP status and a JSON body.
 */
public interface UpgradeCheck {

    /** Why an upgrade is refused: the protocol error code (gives the status) and a message. */
    record Refusal(ErrorCode code, int status, String message) {

        public Refusal(ErrorCode code, String message) {
            this(code, code.httpStatus(), message);
        }
    }

    /**
     * Returns a refusal, or empty to let the upgrade go on. May attach what it learnt to the
     * admission (for example the authenticated identity) for the connection to pick up.
     */
    Optional<Refusal> check(RoutingContext request, Admission admission);
}
