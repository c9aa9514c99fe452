package dev.hibiki.security;

import dev.hibiki.hub.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The HTTP side of the origin allow-list: a request (a CORS preflight included) whose Origin is
 * not allowed is answered 403 with a JSON body before Quarkus' CORS filter, which, fed the same
 * list through {@code quarkus.http.cors.origins}, adds the CORS headers to the allowed ones.
 */
@ApplicationScoped
public class OriginFilter {

    /** Before Quarkus' CORS filter, which is installed at order -300 (its priority 300, negated). */
    static final int ORDER = -400;

    private final OriginPolicy policy;

    OriginFilter(OriginPolicy policy) {
        this.policy = policy;
    }

    void install(@Observes Router router) {
        if (policy.enabled()) {
            router.route().order(ORDER).handler(this::filter);
        }
    }

    private void filter(RoutingContext context) {
        String origin = context.request().getHeader("Origin");
        if (policy.allows(origin, context.request().authority())) {
            context.next();
            return;
        }
        context.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", ErrorCode.FORBIDDEN.code()).put("message", message(origin)).encode());
    }

    static String message(String origin) {
        return "origin " + origin + " is not allowed (hibiki.security.origins.allowed)";
    }
}
