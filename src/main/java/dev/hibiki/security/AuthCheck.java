package dev.hibiki.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * When authentication is on, a WebSocket upgrade needs a valid JWT, taken from (first found):
 * the {@code Authorization: Bearer} header, the {@code access_token} query parameter, or an
 * offered subprotocol {@code access_token.<jwt>} (browsers cannot set headers on a WebSocket).
 * Runs after {@code NameCheck} so that the token's name wins over {@code ?name=}.
 */
@ApplicationScoped
@Priority(200)
public class AuthCheck implements UpgradeCheck {

    /** The subprotocol the server selects; a browser must offer it next to the token one. */
    public static final String SUBPROTOCOL = "hibiki.v1";
    /** Prefix of the offered subprotocol that carries the token. */
    public static final String TOKEN_SUBPROTOCOL_PREFIX = "access_token.";
    static final String QUERY_PARAMETER = "access_token";

    private final TokenVerifier verifier;

    AuthCheck(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Optional<Refusal> check(RoutingContext context, Admission admission) {
        if (!verifier.enabled()) {
            return Optional.empty();
        }
        HttpServerRequest request = context.request();
        String token = Bearer.token(request.getHeader("Authorization"));
        if (token == null) {
            List<String> query = context.queryParam(QUERY_PARAMETER);
            token = query.isEmpty() ? null : query.get(0);
        }
        if (token == null) {
            List<String> offered = subprotocols(request);
            for (String protocol : offered) {
                if (protocol.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) {
                    token = protocol.substring(TOKEN_SUBPROTOCOL_PREFIX.length());
                    break;
                }
            }
            // A browser fails the connection unless the server echoes one of its subprotocols,
            // and the server only ever selects hibiki.v1: say so instead of a silent failure.
            if (token != null && !offered.contains(SUBPROTOCOL)) {
                return Optional.of(new Refusal(ErrorCode.BAD_MESSAGE,
                        "offer the subprotocol " + SUBPROTOCOL + " alongside " + TOKEN_SUBPROTOCOL_PREFIX + "<token>"));
            }
        }
        if (token == null) {
            return Optional.of(new Refusal(ErrorCode.UNAUTHORIZED, "a token is required: Authorization: Bearer, "
                    + "?access_token= or the subprotocol " + TOKEN_SUBPROTOCOL_PREFIX + "<token>"));
        }
        TokenVerifier.Identity identity;
        try {
            identity = verifier.verify(token);
        } catch (TokenVerifier.InvalidToken e) {
            return Optional.of(new Refusal(ErrorCode.UNAUTHORIZED, e.getMessage()));
        }
        admit(identity, admission, verifier.adminRole());
        return Optional.empty();
    }

    /**
     * Gives an admission what a verified token says (also used by the Socket.IO door); closing
     * rooms then needs {@code adminRole}.
     */
    public static void admit(TokenVerifier.Identity identity, Admission admission, String adminRole) {
        admission.subject(identity.subject()).roles(identity.roles()).expiresAtEpochSecond(identity.expiresAt())
                .closeRoomsRole(adminRole);
        if (identity.name() != null) {
            admission.name(identity.name());
        }
        if (identity.rooms() != null) {
            // An empty pattern list means "any room" to the hub; a token that lists no rooms means
            // none, so it gets the empty pattern, which no valid room name matches.
            admission.roomPatterns(identity.rooms().isEmpty() ? List.of("") : identity.rooms());
        }
    }

    static List<String> subprotocols(HttpServerRequest request) {
        List<String> protocols = new ArrayList<>();
        for (String header : request.headers().getAll("Sec-WebSocket-Protocol")) {
            for (String protocol : header.split(",")) {
                String trimmed = protocol.trim();
                if (!trimmed.isEmpty()) {
                    protocols.add(trimmed);
                }
            }
        }
        return protocols;
    }
}
