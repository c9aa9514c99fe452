package dev.hibiki.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.HostAndPort;

/** The origin rules, including the profiles' defaults: dev allows any, prod only the same origin. */
class OriginPolicyTest {

    private static final HostAndPort HOST = HostAndPort.create("hub.example", -1);

    @Test
    void prodDefaultAllowsOnlyTheSameOrigin() {
        OriginPolicy policy = new OriginPolicy(true, List.of());
        assertThat(policy.allows("https://hub.example", HOST)).isTrue();
        assertThat(policy.allows("http://hub.example", HOST)).isTrue();
        assertThat(policy.allows("https://HUB.example", HOST)).isTrue();
        assertThat(policy.allows("https://evil.example", HOST)).isFalse();
        assertThat(policy.allows("https://hub.example.evil.example", HOST)).isFalse();
        assertThat(policy.allows("https://hub.example:8443", HOST)).isFalse();
        assertThat(policy.allows("null", HOST)).isFalse();
        assertThat(policy.allows("not a url", HOST)).isFalse();
        assertThat(policy.allows(null, HOST)).as("no Origin header: not a browser").isTrue();
    }

    @Test
    void explicitPortsMustMatch() {
        OriginPolicy policy = new OriginPolicy(true, List.of());
        HostAndPort local = HostAndPort.create("localhost", 8080);
        assertThat(policy.allows("http://localhost:8080", local)).isTrue();
        assertThat(policy.allows("http://localhost:8081", local)).isFalse();
        assertThat(policy.allows("http://localhost", local)).isFalse();
        assertThat(policy.allows("http://localhost", HostAndPort.create("localhost", 80))).isTrue();
    }

    @Test
    void devWildcardAllowsAnyOrigin() {
        OriginPolicy policy = new OriginPolicy(true, List.of("*"));
        assertThat(policy.allows("https://evil.example", HOST)).isTrue();
        assertThat(policy.allows("null", HOST)).isTrue();
    }

    @Test
    void listedOriginsAndPatternsAreAllowed() {
        OriginPolicy policy = new OriginPolicy(true,
                List.of("https://app.example/", "null", "/https://[a-z]+\\.tenant\\.example/"));
        assertThat(policy.allows("https://app.example", HOST)).isTrue();
        assertThat(policy.allows("null", HOST)).isTrue();
        assertThat(policy.allows("https://acme.tenant.example", HOST)).isTrue();
        assertThat(policy.allows("https://acme.tenant.example.evil", HOST)).isFalse();
        assertThat(policy.allows("http://app.example", HOST)).isFalse();
    }

    @Test
    void disabledAllowsEverything() {
        assertThat(new OriginPolicy(false, List.of()).allows("https://evil.example", HOST)).isTrue();
    }
}
