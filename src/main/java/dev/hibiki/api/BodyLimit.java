package dev.hibiki.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubConfig;
import dev.hibiki.hub.HubException;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * The REST door's input bound, the same as the WebSocket door's: a request body may take at most
 * {@code hibiki.limits.max-message-bytes} (64 KiB) in UTF-8 bytes, whether it announces its length or
 * comes chunked. A larger one is 413 {@code too_large}, before anything is parsed or delivered: what a
 * REST client publishes reaches WebSocket clients as a frame, and must not be one that /ws itself would
 * refuse. A body that carries a whole shared text ({@link Document}) may use the HTTP ceiling
 * ({@code quarkus.http.limits.max-body-size}, {@link BodyCeiling}); the text's own limits
 * ({@code hibiki.text.max-bytes}) then apply to the document.
 */
@Provider
public class BodyLimit implements ReaderInterceptor {

    /** Marks a body parameter that carries a whole document, bounded by the HTTP ceiling instead. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Document {
    }

    private record Limit(long bytes, String key) {
    }

    // Providers are built while the application starts, before config mappings can be read.
    private final Instance<HubConfig> config;
    private final Instance<BodyCeiling> ceiling;
    private volatile Limit message;
    private volatile Limit document;

    BodyLimit(Instance<HubConfig> config, Instance<BodyCeiling> ceiling) {
        this.config = config;
        this.ceiling = ceiling;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Limit limit = limitFor(context.getAnnotations());
        String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !length.isBlank() && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > limit.bytes()) {
            throw tooLarge(limit);
        }
        // Read at most one buffer past the limit: enough to know, whatever the body claims.
        InputStream in = context.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0;) {
            body.write(buffer, 0, n);
            if (body.size() > limit.bytes()) {
                throw tooLarge(limit);
            }
        }
        context.setInputStream(new ByteArrayInputStream(body.toByteArray()));
        return context.proceed();
    }

    private Limit limitFor(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof Document) {
                if (document == null) {
                    document = new Limit(ceiling.get().ceiling(), "quarkus.http.limits.max-body-size");
                }
                return document;
            }
        }
        if (message == null) {
            message = new Limit(config.get().limits().maxMessageBytes(), "hibiki.limits.max-message-bytes");
        }
        return message;
    }

    private static HubException tooLarge(Limit limit) {
        return new HubException(ErrorCode.TOO_LARGE,
                "request body larger than " + limit.bytes() + " bytes (" + limit.key() + ")");
    }
}
