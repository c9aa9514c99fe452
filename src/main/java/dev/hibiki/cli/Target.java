package dev.hibiki.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where to connect: parsed from a {@code ws://}, {@code wss://}, {@code http://} or {@code https://}
 * URL, with the display name added as the {@code name} query parameter.
 */
public record Target(String url, String host, int port, boolean ssl, String pathAndQuery) {

    public static final String DEFAULT_URL = "ws://localhost:8080/ws";

    public static Target parse(String url, String name) throws ClientFailure {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ClientFailure(ExitCode.USAGE, "not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        boolean ssl = switch (scheme) {
            case "ws", "http" -> false;
            case "wss", "https" -> true;
            default -> throw new ClientFailure(ExitCode.USAGE, "URL must start with ws://, wss://, http:// or https://: " + url);
        };
        if (uri.getHost() == null) {
            throw new ClientFailure(ExitCode.USAGE, "URL has no host: " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/ws" : uri.getRawPath();
        String query = uri.getRawQuery();
        if (name != null) {
            String param = "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
            query = query == null || query.isEmpty() ? param : query + "&" + param;
        }
        return new Target(url, uri.getHost(), port, ssl, query == null ? path : path + "?" + query);
    }
}
