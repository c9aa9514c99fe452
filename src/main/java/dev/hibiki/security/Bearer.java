package dev.hibiki.security;

import java.util.Locale;

/** Reads the token of an {@code Authorization: Bearer <token>} header (RFC 6750). */
final class Bearer {

    private static final String SCHEME = "bearer ";

    private Bearer() {
    }

    /** The token, or null when the header is absent or of another scheme. */
    static String token(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
