package dev.hibiki.ws;

import java.util.List;
import java.util.Map;

import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Names;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Checks a WebSocket upgrade request before websockets-next accepts it, so a refusal can carry an
 * HTTP status and a JSON body the client can show ({@code HttpUpgradeCheck} only sets a status).
 */
@ApplicationScoped
public class UpgradeGate {

    static final String PATH = "/ws";

    void install(@Observes Router router) {
        // Runs before the websockets-next route registered for the same path.
        router.route(PATH).order(Integer.MIN_VALUE + 100).handler(this::check);
    }

    private void check(RoutingContext context) {
        List<String> names = context.queryParam("name");
        if (!names.isEmpty()) {
            String problem = Names.problem("name", names.get(0), Names.MAX_DISPLAY_NAME);
            if (problem != null) {
                refuse(context, ErrorCode.BAD_MESSAGE, problem);
                return;
            }
        }
        context.next();
    }

    static void refuse(RoutingContext context, ErrorCode code, String message) {
        context.response()
                .setStatusCode(code.httpStatus())
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", code.code()).put("message", message).encode());
    }

    /** The display name asked for in the upgrade's query string, already validated by the gate. */
    static String displayName(WebSocketConnection connection) {
        String query = connection.handshakeRequest().query();
        if (query == null || query.isEmpty()) {
            return null;
        }
        Map<String, List<String>> params = new QueryStringDecoder(query, false).parameters();
        List<String> names = params.get("name");
        return names == null || names.isEmpty() ? null : names.get(0);
    }
}
