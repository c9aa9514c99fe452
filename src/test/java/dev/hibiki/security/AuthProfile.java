package dev.hibiki.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Authentication on with a test secret; no clock skew, so expiry tests are exact to the second. */
public class AuthProfile implements QuarkusTestProfile {

    public static final String SECRET = "test-secret-for-hibiki-0123456789-abcdef";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hibiki.security.auth.enabled", "true",
                "hibiki.security.auth.secret", SECRET,
                "hibiki.security.auth.clock-skew", "0s");
    }
}
