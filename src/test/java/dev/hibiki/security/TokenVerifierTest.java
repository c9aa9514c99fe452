package dev.hibiki.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier on its own: the public-key mode, issuer, and the keys it refuses to start with. */
class TokenVerifierTest {

    @TempDir
    Path dir;

    private static SecurityConfig config(Optional<String> secret, Optional<String> publicKey, Optional<String> issuer) {
        SecurityConfig.Auth auth = new SecurityConfig.Auth() {
            public boolean enabled() {
                return true;
            }

            public Optional<String> secret() {
                return secret;
            }

            public Optional<String> publicKeyLocation() {
                return publicKey;
            }

            public Optional<String> issuer() {
                return issuer;
            }

            public String adminRole() {
                return "admin";
            }

            public Duration clockSkew() {
                return Duration.ZERO;
            }
        };
        return new SecurityConfig() {
            public Auth auth() {
                return auth;
            }

            public Origins origins() {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static JwtClaims claims(String issuer) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("svc");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setStringListClaim("roles", List.of("admin"));
        if (issuer != null) {
            claims.setIssuer(issuer);
        }
        return claims;
    }

    private static String sign(JwtClaims claims, String algorithm, java.security.Key key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    @Test
    void publicKeyModeAcceptsRs256AndRefusesAlgorithmConfusion() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Path file = dir.resolve("public.pem");
        Files.writeString(file, pem);
        TokenVerifier verifier = new TokenVerifier(config(Optional.empty(), Optional.of(file.toString()),
                Optional.of("https://idp.example")));

        TokenVerifier.Identity identity = verifier.verify(sign(claims("https://idp.example"),
                AlgorithmIdentifiers.RSA_USING_SHA256, pair.getPrivate()));
        assertThat(identity.subject()).isEqualTo("svc");
        assertThat(identity.hasRole("admin")).isTrue();
        assertThat(identity.rooms()).as("no rooms claim: no restriction").isNull();

        // Another issuer.
        assertThatThrownBy(() -> verifier.verify(sign(claims("https://other.example"),
                AlgorithmIdentifiers.RSA_USING_SHA256, pair.getPrivate())))
                .isInstanceOf(TokenVerifier.InvalidToken.class).hasMessage("token issuer is not accepted");
        // HS256 "signed" with the public key's text as the secret: the classic confusion attack.
        assertThatThrownBy(() -> verifier.verify(sign(claims("https://idp.example"),
                AlgorithmIdentifiers.HMAC_SHA256, new HmacKey(pem.getBytes(StandardCharsets.UTF_8)))))
                .isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    @Test
    void publicKeyModeAcceptsEs256WithAnEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        Path file = dir.resolve("ec.pem");
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        TokenVerifier verifier = new TokenVerifier(config(Optional.empty(), Optional.of(file.toString()), Optional.empty()));
        assertThat(verifier.verify(sign(claims(null), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                pair.getPrivate())).subject()).isEqualTo("svc");
    }

    @Test
    void refusesToStartWithoutExactlyOneUsableKey() {
        assertThatThrownBy(() -> new TokenVerifier(config(Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new TokenVerifier(config(Optional.of("x".repeat(40)), Optional.of("k.pem"),
                Optional.empty()))).isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new TokenVerifier(config(Optional.of("too-short"), Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new TokenVerifier(config(Optional.empty(),
                Optional.of(dir.resolve("missing.pem").toString()), Optional.empty())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot read");
        Path garbage = dir.resolve("garbage.pem");
        try {
            Files.writeString(garbage, "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        assertThatThrownBy(() -> new TokenVerifier(config(Optional.empty(), Optional.of(garbage.toString()),
                Optional.empty()))).isInstanceOf(IllegalStateException.class).hasMessageContaining("neither");
    }

    @Test
    void listClaimsAcceptArraysAndSeparatedStrings() {
        assertThat(TokenVerifier.strings("a, b  c")).containsExactly("a", "b", "c");
        assertThat(TokenVerifier.strings(List.of("x", "y"))).containsExactly("x", "y");
        assertThat(TokenVerifier.strings(null)).isEmpty();
    }
}
