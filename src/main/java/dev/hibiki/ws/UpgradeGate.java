package dev.hibiki.ws;

import dev.hibiki.security.UpgradeCheck;
import java.util.List;
import java.util.Optional;

import dev.hibiki.hub.Admission;
import io.quarkus.arc.All;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs every {@link UpgradeCheck} on a WebSocket upgrade request before websockets-next accepts
 * it, so a refusal carries an HTTP status and a JSON body a client can show
 * ({@code HttpUpgradeCheck} can only set a status).
 * <p>
 * What the checks learn travels to the connection in the {@value #ADMISSION_HEADER} request
 * header, which the gate always overwrites: a client cannot supply its own.
 */
@ApplicationScoped
public class UpgradeGate {

    static final String PATH = "/ws";
    static final String ADMISSION_HEADER = "X-Hibiki-Admission";

    private final List<UpgradeCheck> checks;

    UpgradeGate(@All List<UpgradeCheck> checks) {
        this.checks = checks;
    }

    void install(@Observes Router router) {
        // Runs before the websockets-next route registered for the same path.
        router.route(PATH).order(Integer.MIN_VALUE + 100).handler(this::check);
    }

    private void check(RoutingContext context) {
        context.request().headers().remove(ADMISSION_HEADER);
        Admission admission = new Admission().address(context.request().remoteAddress() == null ? null
                : context.request().remoteAddress().hostAddress());
        for (UpgradeCheck check : checks) {
            Optional<UpgradeCheck.Refusal> refusal = check.check(context, admission);
            if (refusal.isPresent()) {
                refuse(context, refusal.get());
                return;
            }
        }
        context.request().headers().set(ADMISSION_HEADER, admission.encode());
        context.next();
    }

    static void refuse(RoutingContext context, UpgradeCheck.Refusal refusal) {
        context.response()
                .setStatusCode(refusal.status())
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", refusal.code().code()).put("message", refusal.message()).encode());
    }

    /** What the gate admitted this connection with. */
    static Admission admission(WebSocketConnection connection) {
        return Admission.decode(connection.handshakeRequest().header(ADMISSION_HEADER));
    }

}
