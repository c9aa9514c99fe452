package dev.hibiki.security;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import jakarta.enterprise.context.ApplicationScoped;

/** Room operations that need more than membership when authentication is on. */
@ApplicationScoped
public class RoomRights {

    private final TokenVerifier verifier;

    RoomRights(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * A connection may close a room only with the admin role (when authentication is on). REST
     * callers ({@code member} null) are checked by {@link RestGuard} before they get here.
     */
    public void requireCloser(Client member) {
        if (member != null && verifier.enabled() && !member.admission().hasRole(verifier.adminRole())) {
            throw new HubException(ErrorCode.FORBIDDEN, "closing a room needs the role " + verifier.adminRole());
        }
    }
}
