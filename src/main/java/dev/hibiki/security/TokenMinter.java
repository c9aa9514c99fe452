package dev.hibiki.security;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import dev.hibiki.hub.Names;

/**
 * {@code hibiki token}: mints an HS256 token for a local secret, for development, tests and
 * servers that talk to Hibiki. Plain Java (jose4j), no CDI: it runs before, and without, Quarkus.
 */
public final class TokenMinter {

    static final String SECRET_ENV = "HIBIKI_SECURITY_AUTH_SECRET";
    static final Duration DEFAULT_TTL = Duration.ofHours(1);

    static final String USAGE = """
            usage: hibiki token --sub ID [--name NAME] [--rooms A,B,lobby-*] [--role admin]... [--ttl 1h]
                                [--issuer ISS] [--secret SECRET]
              Prints an HS256 JWT for Hibiki. The secret defaults to $%s and must be at least %d bytes.
              --ttl: seconds or 90s, 30m, 12h, 7d (default 1h). --role and --rooms take comma lists;
              --role may repeat.
            """.formatted(SECRET_ENV, TokenVerifier.MIN_SECRET_BYTES);

    private TokenMinter() {
    }

    /** What goes into a token. {@code rooms} null: no {@code rooms} claim, any room. */
    public record Claims(String subject, String name, List<String> rooms, List<String> roles, Duration ttl,
            String issuer) {
    }

    public static int run(String[] args, PrintStream out) {
        return run(args, out, System.err, System.getenv(SECRET_ENV));
    }

    static int run(String[] args, PrintStream out, PrintStream err, String secretFromEnv) {
        Map<String, List<String>> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            err.println("hibiki token: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.containsKey("help")) {
            out.print(USAGE);
            return 0;
        }
        try {
            String secret = last(options, "secret", secretFromEnv);
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("--secret (or $" + SECRET_ENV + ") is required");
            }
            String ttl = last(options, "ttl", null);
            Claims claims = new Claims(last(options, "sub", null), last(options, "name", null),
                    options.containsKey("rooms") ? split(options.get("rooms")) : null,
                    split(options.getOrDefault("role", List.of())),
                    ttl == null ? DEFAULT_TTL : duration(ttl), last(options, "issuer", null));
            out.println(mint(secret, claims));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("hibiki token: " + e.getMessage());
            return 2;
        }
    }

    /** Signs the claims with HS256; throws IllegalArgumentException on a bad claim or a short secret. */
    public static String mint(String secret, Claims claims) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < TokenVerifier.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret must be at least " + TokenVerifier.MIN_SECRET_BYTES
                    + " bytes long (it is " + key.length + ")");
        }
        if (claims.subject() == null || claims.subject().isBlank()) {
            throw new IllegalArgumentException("--sub is required");
        }
        if (claims.name() != null) {
            String problem = Names.problem("--name", claims.name(), Names.MAX_DISPLAY_NAME);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        if (claims.ttl().isNegative() || claims.ttl().isZero()) {
            throw new IllegalArgumentException("--ttl must be positive");
        }
        JwtClaims jwt = new JwtClaims();
        jwt.setSubject(claims.subject());
        jwt.setJwtId(UUID.randomUUID().toString());
        NumericDate now = NumericDate.now();
        jwt.setIssuedAt(now);
        jwt.setExpirationTime(NumericDate.fromSeconds(now.getValue() + claims.ttl().toSeconds()));
        if (claims.issuer() != null) {
            jwt.setIssuer(claims.issuer());
        }
        if (claims.name() != null) {
            jwt.setClaim("name", claims.name());
        }
        if (claims.rooms() != null) {
            jwt.setStringListClaim("rooms", claims.rooms());
        }
        if (!claims.roles().isEmpty()) {
            jwt.setStringListClaim("groups", claims.roles());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwt.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(new HmacKey(key));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the token", e);
        }
    }

    /** {@code --key value} and {@code --key=value}; every option takes a value except --help. */
    private static Map<String, List<String>> options(String[] args) {
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                options.put("help", List.of());
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String key = arg.substring(2);
            String value;
            int equals = key.indexOf('=');
            if (equals >= 0) {
                value = key.substring(equals + 1);
                key = key.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
            if (!List.of("secret", "sub", "name", "rooms", "role", "ttl", "issuer").contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            options.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return options;
    }

    private static String last(Map<String, List<String>> options, String key, String otherwise) {
        List<String> values = options.get(key);
        return values == null ? otherwise : values.get(values.size() - 1);
    }

    private static List<String> split(List<String> values) {
        List<String> parts = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
        }
        return parts;
    }

    static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            char unit = value.charAt(value.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("--ttl " + text + ": use seconds or 90s, 30m, 12h, 7d");
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--ttl " + text + ": use seconds or 90s, 30m, 12h, 7d");
        }
    }
}
