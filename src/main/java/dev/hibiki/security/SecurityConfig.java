package dev.hibiki.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Authentication (JWT) and the origin allow-list. Every key is described in docs/SECURITY.md. */
@ConfigMapping(prefix = "hibiki.security")
public interface SecurityConfig {

    Auth auth();

    Origins origins();

    interface Auth {

        /** Require a valid JWT on every WebSocket upgrade and on the REST publishing endpoints. */
        @WithDefault("false")
        boolean enabled();

        /** HS256 shared secret (UTF-8, at least 32 bytes). Exactly one of secret and public key. */
        Optional<String> secret();

        /** Path of a PEM or JWK public key: tokens are then RS256 or ES256, signed by someone else. */
        Optional<String> publicKeyLocation();

        /** When set, the token's {@code iss} must equal it. */
        Optional<String> issuer();

        /** The role (in the {@code groups} or {@code roles} claim) that may close rooms and publish over REST. */
        @WithDefault("admin")
        String adminRole();

        /** Tolerated clock difference with the token issuer, applied to {@code exp}. */
        @WithDefault("30s")
        Duration clockSkew();
    }

    interface Origins {

        /** Refuse browser requests (those with an {@code Origin} header) from origins not allowed. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Origins allowed besides the server's own: {@code https://app.example.com}, {@code *} for
         * any, or {@code /regex/}. Also feeds {@code quarkus.http.cors.origins}.
         */
        Optional<List<String>> allowed();
    }
}
