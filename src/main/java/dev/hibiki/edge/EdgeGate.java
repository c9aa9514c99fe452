package dev.hibiki.edge;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hibiki.edge.PeerErrors.Cause;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The first route of every HTTP request, before any door (REST, /ws, static pages): refuses
 * requests whose framing is ambiguous or whose upgrade is malformed, and puts a {@link WireGuard}
 * on the connection for what follows on it (the request body, the WebSocket frames).
 */
@ApplicationScoped
public class EdgeGate {

    /** RFC 6455 4.1: the key is 16 random bytes, base64-encoded (24 characters). */
    private static final int KEY_BYTES = 16;

    private final PeerErrors errors;
    private final int maxMessageBytes;

    EdgeGate(PeerErrors errors,
            @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size") Optional<Integer> maxMessageBytes) {
        this.errors = errors;
        this.maxMessageBytes = maxMessageBytes.orElse(0);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String framing = framingProblem(request);
        if (framing != null) {
            errors.report(Cause.BAD_HTTP_FRAMING, request.remoteAddress(), "400: " + framing);
            refuse(context, framing, true);
            return;
        }
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
        if (upgrade && !validKey(request.getHeader("Sec-WebSocket-Key"))) {
            String message = "Sec-WebSocket-Key must be 16 bytes in base64 (RFC 6455 4.1)";
            errors.report(Cause.BAD_UPGRADE, request.remoteAddress(), "400: " + message);
            refuse(context, message, false);
            return;
        }
        if (request.version() != HttpVersion.HTTP_2 && request.connection() instanceof ConnectionBase connection) {
            WireGuard guard = WireGuard.on(connection.channel(), errors, maxMessageBytes);
            if (guard != null && upgrade) {
                guard.onUpgraded(InFlightRequests.doneAction(request));
            }
        }
        context.next();
    }

    /**
     * RFC 9112 6.1 and 6.3: a request whose Transfer-Encoding is anything but {@code chunked}
     * alone has a body length that cannot be determined reliably, and must get 400 and a close.
     * (Netty reads such a body by its Content-Length, while a proxy in front may not: smuggling.)
     */
    static String framingProblem(HttpServerRequest request) {
        List<String> encodings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        if (encodings.isEmpty()) {
            return null;
        }
        if (encodings.size() == 1 && "chunked".equalsIgnoreCase(encodings.get(0).trim())) {
            return null;
        }
        return "Transfer-Encoding must be chunked alone (RFC 9112 6.1)";
    }

    static boolean validKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The error body every refusal of Hibiki carries (docs/API.md). */
    static String errorBody(String message) {
        return new JsonObject().put("error", "bad_message").put("message", message).encode();
    }

    private static void refuse(RoutingContext context, String message, boolean close) {
        var response = context.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.end(errorBody(message)).onComplete(done -> context.request().connection().close());
        } else {
            response.end(errorBody(message));
        }
    }
}
