package dev.hibiki.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.vertx.core.net.HostAndPort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which browser origins may open a WebSocket or call the API: the server's own origin always,
 * plus {@code hibiki.security.origins.allowed} (exact origins, {@code *}, or {@code /regex/}; the
 * page opened from disk sends the origin {@code null}, which must be listed to be allowed).
 * Requests without an {@code Origin} header are not browser requests and are never checked.
 */
@ApplicationScoped
public class OriginPolicy {

    private final boolean enabled;
    private final boolean any;
    private final Set<String> exact = new HashSet<>();
    private final List<Pattern> patterns = new ArrayList<>();

    @Inject
    OriginPolicy(SecurityConfig config) {
        this(config.origins().enabled(), config.origins().allowed().orElse(List.of()));
    }

    OriginPolicy(boolean enabled, List<String> allowed) {
        this.enabled = enabled;
        boolean wildcard = false;
        for (String entry : allowed) {
            String value = entry.trim();
            if (value.isEmpty()) {
                continue;
            }
            if (value.equals("*")) {
                wildcard = true;
            } else if (value.length() > 2 && value.startsWith("/") && value.endsWith("/")) {
                patterns.add(Pattern.compile(value.substring(1, value.length() - 1)));
            } else {
                exact.add(normalise(value));
            }
        }
        this.any = wildcard;
    }

    public boolean enabled() {
        return enabled;
    }

    /** True when a request carrying {@code origin} (null: no header) to {@code authority} may go on. */
    public boolean allows(String origin, HostAndPort authority) {
        if (!enabled || origin == null || any) {
            return true;
        }
        if (exact.contains(normalise(origin)) || sameOrigin(origin, authority)) {
            return true;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(origin).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Same origin: the Origin's host and port equal the request's Host. A Host without a port means
     * the default port of the scheme the browser used (a TLS proxy in front of plain HTTP keeps it).
     */
    static boolean sameOrigin(String origin, HostAndPort authority) {
        if (authority == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (Exception e) {
            return false;
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || scheme == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            return false;
        }
        int defaultPort = switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
        if (defaultPort < 0) {
            return false;
        }
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int hostPort = authority.port() < 0 ? defaultPort : authority.port();
        return uri.getHost().equalsIgnoreCase(authority.host()) && originPort == hostPort;
    }

    private static String normalise(String origin) {
        String value = origin.toLowerCase(Locale.ROOT);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
