package dev.hibiki.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** The minter's command line: what it prints and how it refuses bad arguments. */
class TokenMinterTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String env, String... args) {
        return TokenMinter.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private JsonObject payload() {
        String[] parts = out.toString(StandardCharsets.UTF_8).trim().split("\\.");
        assertThat(parts).hasSize(3);
        return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Test
    void printsASignedTokenWithTheClaims() {
        assertThat(run(null, "--secret", SECRET, "--sub", "alice", "--name", "アリス", "--rooms", "a,b-*",
                "--role", "admin", "--role=ops", "--ttl", "90s")).isZero();
        JsonObject claims = payload();
        assertThat(claims.getString("sub")).isEqualTo("alice");
        assertThat(claims.getString("name")).isEqualTo("アリス");
        assertThat(claims.getJsonArray("rooms").getList()).containsExactly("a", "b-*");
        assertThat(claims.getJsonArray("groups").getList()).containsExactly("admin", "ops");
        assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(90);
    }

    @Test
    void secretComesFromTheEnvironmentWhenNotGiven() {
        assertThat(run(SECRET, "--sub", "bob")).isZero();
        assertThat(payload().getLong("exp") - payload().getLong("iat")).isEqualTo(3600);
        assertThat(payload().containsKey("rooms")).as("no --rooms: any room").isFalse();
    }

    @Test
    void refusesBadArguments() {
        assertThat(run(null, "--sub", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--secret");
        assertThat(run(null, "--secret", "short", "--sub", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 32 bytes");
        assertThat(run(SECRET)).isEqualTo(2);
        assertThat(run(SECRET, "--sub", "x", "--ttl", "soon")).isEqualTo(2);
        assertThat(run(SECRET, "--sub", "x", "--colour", "red")).isEqualTo(2);
        assertThat(run(SECRET, "--sub", "x", "--name", "\u0007")).isEqualTo(2);
        assertThat(out.size()).as("nothing printed on stdout for a refusal").isZero();
        assertThat(run(null, "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: hibiki token");
    }

    @Test
    void ttlFormats() {
        assertThat(TokenMinter.duration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(TokenMinter.duration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(TokenMinter.duration("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(TokenMinter.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TokenMinter.duration("PT2H")).isEqualTo(Duration.ofHours(2));
    }
}
