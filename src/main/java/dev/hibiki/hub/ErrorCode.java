package dev.hibiki.hub;

import java.util.Locale;

/**
 * The error codes of protocol v1, shared by WebSocket `error` frames and REST error bodies.
 * {@code unauthorized} and {@code precondition_failed} only occur over REST.
 */
public enum ErrorCode {
    BAD_JSON(400),
    BAD_MESSAGE(400),
    UNKNOWN_TYPE(400),
    TOO_LARGE(413),
    RATE_LIMITED(429),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    PRECONDITION_FAILED(412),
    INTERNAL(500);

    private final int httpStatus;
    private final String code;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
        this.code = name().toLowerCase(Locale.ROOT);
    }

    /** The wire form, e.g. {@code bad_json}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
