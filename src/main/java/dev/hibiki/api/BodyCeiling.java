package dev.hibiki.api;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hibiki.hub.ErrorCode;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The HTTP ceiling ({@code quarkus.http.limits.max-body-size}) answered like every other refusal:
 * 413 with the JSON error body. Quarkus refuses a body that announces a larger length with an empty
 * 413; this route runs just before it and says why. Below the ceiling, {@link BodyLimit} applies the
 * hub's own, smaller limit.
 */
@ApplicationScoped
public class BodyCeiling {

    /** Quarkus' own check of the announced length runs at order -2. */
    static final int ORDER = -3;

    private final long ceiling;

    BodyCeiling(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> ceiling) {
        this.ceiling = ceiling.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length == null || !tooLong(length.trim())) {
            context.next();
            return;
        }
        // The body is not read: the connection closes once the answer is out.
        context.response().setStatusCode(413)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(new JsonObject().put("error", ErrorCode.TOO_LARGE.code())
                        .put("message", "request body larger than " + ceiling + " bytes (quarkus.http.limits.max-body-size)")
                        .encode())
                .onComplete(done -> context.request().connection().close());
    }

    private boolean tooLong(String length) {
        if (length.isEmpty() || !length.chars().allMatch(Character::isDigit)) {
            return false; // not ours to judge: HTTP framing errors are answered elsewhere
        }
        return length.length() > 18 || Long.parseLong(length) > ceiling;
    }
}
