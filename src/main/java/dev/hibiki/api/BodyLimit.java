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
 * refuse. Bodies that carry a whole shared text ({@link Document}) are bounded by the text's own limits
 * instead, within the HTTP ceiling {@code quarkus.http.limits.max-body-size} ({@link BodyCeiling}).
 */
@Provider
public class BodyLimit implements ReaderInterceptor {

    /** Marks a body parameter that carries a whole document, bounded by {@code hibiki.text.*} instead. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Document {
    }

    // Providers are built while the application starts, before config mappings can be read.
    private final Instance<HubConfig> config;
    private volatile int maxBytes;

    BodyLimit(Instance<HubConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        for (Annotation annotation : context.getAnnotations()) {
            if (annotation instanceof Document) {
                return context.proceed();
            }
        }
        int maxBytes = maxBytes();
        String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.length() < 19 && !length.isBlank() && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // Read at most one byte past the limit: enough to know, whatever the body claims.
        InputStream in = context.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0;) {
            body.write(buffer, 0, n);
            if (body.size() > maxBytes) {
                throw tooLarge(maxBytes);
            }
        }
        context.setInputStream(new ByteArrayInputStream(body.toByteArray()));
        return context.proceed();
    }

    private int maxBytes() {
        int max = maxBytes;
        if (max == 0) {
            maxBytes = max = config.get().limits().maxMessageBytes();
        }
        return max;
    }

    private static HubException tooLarge(int maxBytes) {
        return new HubException(ErrorCode.TOO_LARGE, "request body larger than " + maxBytes
                + " bytes (hibiki.limits.max-message-bytes)");
    }
}
