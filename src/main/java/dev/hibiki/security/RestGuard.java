package dev.hibiki.security;

import java.util.Set;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.hibiki.hub.ErrorBody;
import dev.hibiki.hub.ErrorCode;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * With authentication on, every REST write under {@code /api} (POST, PUT, PATCH, DELETE: broadcast,
 * notifications, room messages, closing rooms, and any write added later) needs a bearer token
 * with the admin role; reads stay open. Deny by default, with a short list of writes that publish
 * nothing and are called by the seed pages without a token.
 */
public class RestGuard {

    /** Writes that only compute an answer for the caller and reach no other client. */
    static final Set<String> OPEN_WRITES = Set.of("/api/analyze", "/api/echo");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final TokenVerifier verifier;

    RestGuard(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    static boolean guarded(String method, String path) {
        return WRITES.contains(method) && path.startsWith("/api/") && !OPEN_WRITES.contains(path);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public RestResponse<ErrorBody> guard(ContainerRequestContext request) {
        if (!verifier.enabled() || !guarded(request.getMethod(), request.getUriInfo().getPath())) {
            return null;
        }
        String token = Bearer.token(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return refuse(ErrorCode.UNAUTHORIZED, "a bearer token is required (Authorization: Bearer <token>)",
                    "Bearer realm=\"hibiki\"");
        }
        TokenVerifier.Identity identity;
        try {
            identity = verifier.verify(token);
        } catch (TokenVerifier.InvalidToken e) {
            return refuse(ErrorCode.UNAUTHORIZED, e.getMessage(), "Bearer realm=\"hibiki\", error=\"invalid_token\"");
        }
        if (!identity.hasRole(verifier.adminRole())) {
            return refuse(ErrorCode.FORBIDDEN, "this endpoint needs the role " + verifier.adminRole(), null);
        }
        return null;
    }

    private static RestResponse<ErrorBody> refuse(ErrorCode code, String message, String challenge) {
        RestResponse.ResponseBuilder<ErrorBody> response = RestResponse.ResponseBuilder
                .<ErrorBody> create(code.httpStatus()).entity(new ErrorBody(code.code(), message))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (challenge != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return response.build();
    }
}
