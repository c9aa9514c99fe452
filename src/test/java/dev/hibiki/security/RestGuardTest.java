package dev.hibiki.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which REST requests need the admin role when authentication is on: writes under /api, deny by default. */
class RestGuardTest {

    @Test
    void publishingWritesAreGuarded() {
        assertThat(RestGuard.guarded("POST", "/api/broadcast")).isTrue();
        assertThat(RestGuard.guarded("POST", "/api/notifications")).isTrue();
        assertThat(RestGuard.guarded("POST", "/api/rooms/lobby/messages")).isTrue();
        assertThat(RestGuard.guarded("DELETE", "/api/rooms/lobby")).isTrue();
        assertThat(RestGuard.guarded("PUT", "/api/text")).isTrue();
        assertThat(RestGuard.guarded("PATCH", "/api/anything-new")).isTrue();
    }

    @Test
    void readsAndCallerOnlyWritesAreOpen() {
        assertThat(RestGuard.guarded("GET", "/api/status")).isFalse();
        assertThat(RestGuard.guarded("GET", "/api/rooms/lobby")).isFalse();
        assertThat(RestGuard.guarded("OPTIONS", "/api/broadcast")).isFalse();
        assertThat(RestGuard.guarded("POST", "/api/analyze")).isFalse();
        assertThat(RestGuard.guarded("POST", "/api/echo")).isFalse();
        assertThat(RestGuard.guarded("POST", "/analyze")).isFalse();
    }

    @Test
    void bearerHeaderParsing() {
        assertThat(Bearer.token("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(Bearer.token("bearer   abc")).isEqualTo("abc");
        assertThat(Bearer.token("Basic dXNlcjpwYXNz")).isNull();
        assertThat(Bearer.token("Bearer ")).isNull();
        assertThat(Bearer.token(null)).isNull();
    }
}
