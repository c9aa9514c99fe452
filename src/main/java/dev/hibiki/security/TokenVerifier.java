package dev.hibiki.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import dev.hibiki.hub.Names;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.jwt.algorithm.KeyEncryptionAlgorithm;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Verifies Hibiki's JWTs with smallrye-jwt, configured from {@link SecurityConfig} rather than the
 * {@code mp.jwt.*} keys: one place decides what a valid token is, for WebSocket upgrades and REST.
 * Created at start-up so that a misconfiguration (auth on without a key) stops the server at once.
 */
@Startup
@ApplicationScoped
// The enums smallrye-jwt looks up by name (the quarkus-smallrye-jwt extension would register them).
@RegisterForReflection(targets = { SignatureAlgorithm.class, KeyEncryptionAlgorithm.class })
public class TokenVerifier {

    /** HS256 needs a key at least as long as its hash (RFC 7518 section 3.2). */
    static final int MIN_SECRET_BYTES = 32;

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    /**
     * What a valid token says about its bearer. {@code rooms} is null when the token has no
     * {@code rooms} claim (no restriction); {@code expiresAt} is epoch seconds, skew included.
     */
    public record Identity(String subject, String name, List<String> rooms, List<String> roles, long expiresAt) {

        public boolean hasRole(String role) {
            return roles.contains(role);
        }
    }

    /** A token that must not be accepted; the message is safe to show to the client. */
    public static final class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    private final SecurityConfig.Auth config;
    private final JWTParser parser;
    private final JWTAuthContextInfo context;

    TokenVerifier(SecurityConfig security) {
        this.config = security.auth();
        if (!config.enabled()) {
            this.parser = null;
            this.context = null;
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                LOG.warn("Authentication is OFF (hibiki.security.auth.enabled=false): anyone who can reach this "
                        + "server may connect, join any room, close rooms and publish over REST. "
                        + "Set hibiki.security.auth.enabled=true and a key (docs/SECURITY.md).");
            }
            return;
        }
        this.context = context(config);
        // Explicit factory: no service loader lookup on the request path.
        this.parser = new DefaultJWTParser(context, new DefaultJWTCallerPrincipalFactory());
        LOG.infof("Authentication is on: %s tokens%s, admin role '%s'",
                config.secret().isPresent() ? "HS256" : "RS256/ES256",
                config.issuer().map(i -> " from issuer " + i).orElse(""), config.adminRole());
    }

    static JWTAuthContextInfo context(SecurityConfig.Auth config) {
        if (config.secret().isPresent() == config.publicKeyLocation().isPresent()) {
            throw new IllegalStateException("hibiki.security.auth.enabled=true needs exactly one of "
                    + "hibiki.security.auth.secret (HS256) and hibiki.security.auth.public-key-location (RS256/ES256)");
        }
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        if (config.secret().isPresent()) {
            byte[] secret = config.secret().get().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("hibiki.security.auth.secret must be at least " + MIN_SECRET_BYTES
                        + " bytes long (it is " + secret.length + ")");
            }
            context.setSecretVerificationKey(new SecretKeySpec(secret, "HmacSHA256"));
            context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        } else {
            String location = config.publicKeyLocation().get();
            String key;
            try {
                // Read once here: the request path runs on the event loop and must not do file I/O.
                key = Files.readString(Path.of(location));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read hibiki.security.auth.public-key-location " + location, e);
            }
            context.setPublicKeyContent(key);
            // smallrye-jwt decodes the key for one algorithm: name exactly the one the key is for.
            context.setSignatureAlgorithm(Set.of(algorithmFor(key, location)));
        }
        config.issuer().ifPresent(context::setIssuedBy);
        context.setExpGracePeriodSecs((int) config.clockSkew().toSeconds());
        context.setRequireNamedPrincipal(false);
        context.setRequiredClaims(Set.of("sub", "exp"));
        return context;
    }

    /** RS256 for an RSA key, ES256 for an EC key, from a PEM public key or a JWK (set). */
    static SignatureAlgorithm algorithmFor(String key, String location) {
        String type;
        String text = key.trim();
        if (text.startsWith("{")) {
            JsonObject json = new JsonObject(text);
            io.vertx.core.json.JsonArray keys = json.getJsonArray("keys");
            type = (keys != null && !keys.isEmpty() ? keys.getJsonObject(0) : json).getString("kty", "");
        } else {
            String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            type = "";
            try {
                byte[] der = Base64.getDecoder().decode(base64);
                for (String algorithm : new String[] { "RSA", "EC" }) {
                    try {
                        KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                        type = algorithm;
                        break;
                    } catch (GeneralSecurityException e) {
                        // not this kind of key; try the next
                    }
                }
            } catch (IllegalArgumentException e) {
                // not base64: reported below
            }
        }
        return switch (type) {
            case "RSA" -> SignatureAlgorithm.RS256;
            case "EC" -> SignatureAlgorithm.ES256;
            default -> throw new IllegalStateException("hibiki.security.auth.public-key-location " + location
                    + " is neither an RSA nor an EC public key (PEM or JWK)");
        };
    }

    public boolean enabled() {
        return parser != null;
    }

    public String adminRole() {
        return config.adminRole();
    }

    /** Verifies signature, algorithm, expiry and issuer, then reads Hibiki's claims. */
    public Identity verify(String token) throws InvalidToken {
        if (!enabled()) {
            throw new IllegalStateException("authentication is off");
        }
        if (token == null || token.isBlank()) {
            throw new InvalidToken("a token is required");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token, context);
        } catch (ParseException e) {
            throw new InvalidToken(why(e));
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidToken("token has no sub claim");
        }
        String name = string(jwt.getClaim("name"));
        if (name != null) {
            String problem = Names.problem("token claim name", name, Names.MAX_DISPLAY_NAME);
            if (problem != null) {
                throw new InvalidToken(problem);
            }
        }
        Set<String> roles = new LinkedHashSet<>(jwt.getGroups() == null ? Set.of() : jwt.getGroups());
        roles.addAll(strings(jwt.getClaim("roles")));
        long expiresAt = jwt.getExpirationTime() + config.clockSkew().toSeconds();
        List<String> rooms = jwt.containsClaim("rooms") ? strings(jwt.getClaim("rooms")) : null;
        return new Identity(subject, name, rooms, List.copyOf(roles), expiresAt);
    }

    private static String why(ParseException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return "token expired";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                    return "token signature is not valid";
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "token issuer is not accepted";
                }
            }
        }
        // The details (key, algorithm, claims) stay in the server's debug log, not in the answer.
        LOG.debug("token refused", e);
        return "token is not valid";
    }

    /** A claim that may be a string or (in the JSON API smallrye-jwt hands back) a JSON string. */
    private static String string(Object claim) {
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String text ? text : null;
    }

    /** A list claim: a JSON array of strings, or one string of comma- or space-separated values. */
    static List<String> strings(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString json) {
                    values.add(json.getString());
                }
            }
        } else if (claim instanceof Collection<?> collection) {
            for (Object value : collection) {
                String text = string(value);
                if (text != null) {
                    values.add(text);
                }
            }
        } else {
            String text = string(claim);
            if (text != null) {
                for (String part : text.split("[,\\s]+")) {
                    if (!part.isEmpty()) {
                        values.add(part);
                    }
                }
            }
        }
        return List.copyOf(values);
    }
}
