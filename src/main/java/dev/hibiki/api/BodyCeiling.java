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
 * 413 with the JSON error body. Quarkus refuses a body that announces a larger length, or a chunked
 * one that grows past it, with an empty 413; this route runs just before that check and handles
 * that failure, and says why. Below the ceiling, {@link BodyLimit} applies the
 * hub's own, smaller limit.
 */
@ApplicationScoped
public class BodyCeiling {

    /** Quarkus' own check of the announced length runs at order -2. */
    static final int ORDER = -3;
    static final int AFTER_QUARKUS = -1;
    /** See io.quarkus.vertx.http.runtime.options.HttpServerCommonHandlers#enforceMaxBodySize. */
    static final String QUARKUS_BODY_LIMIT_KEY = "io.quarkus.max-request-size";

    private final long ceiling;

    /** Bytes a request body may have at most; {@link BodyLimit} reads it for whole documents. */
    long ceiling() {
        return ceiling;
    }

    BodyCeiling(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> ceiling) {
        this.ceiling = ceiling.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check).failureHandler(this::failed);
        router.route().order(AFTER_QUARKUS).handler(this::countedByBodyLimit);
    }

    /**
     * A chunked body is counted by Quarkus as it is read, which answers an empty 413 and closes when
     * the bytes received pass the ceiling: possibly before the application has read the first 64 KiB,
     * since the socket reads ahead. Quarkus hands the ceiling to its reader in this context entry;
     * without it {@link BodyLimit} counts every body itself (the message limit, or this ceiling for a
     * whole document) and answers with the JSON error. Should a later Quarkus name it otherwise, the
     * ceiling still holds, with Quarkus' empty answer.
     */
    private void countedByBodyLimit(RoutingContext context) {
        context.remove(QUARKUS_BODY_LIMIT_KEY);
        context.next();
    }

    /** A chunked body that passes the ceiling while it is read fails the route with 413. */
    private void failed(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            refuse(context);
        } else {
            context.next();
        }
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length == null || !tooLong(length.trim())) {
            context.next();
            return;
        }
        refuse(context);
    }

    private void refuse(RoutingContext context) {
        // The rest of the body is not read: the connection closes once the answer is out.
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
