package dev.hibiki.testing.cluster;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real HAProxy (Debian's haproxy 2.6) running deploy/examples/haproxy.cfg exactly as shipped, in
 * front of {@link HubProcess} nodes: the listen address and the nodes' addresses go in through
 * the environment variables the file reads. Its request log (HAProxy's {@code option httplog},
 * one line per finished request) is target/cluster-it/haproxy-PORT.log, and {@link #requests()} reads
 * it back. Missing haproxy skips the test, unless HIBIKI_REQUIRE_HAPROXY=1 (set by .ci/run).
 */
public final class HaproxyProcess implements AutoCloseable {

    public static final Path CONFIG = Path.of("deploy/examples/haproxy.cfg");

    /** backend/server, status and request line of an httplog line. */
    private static final Pattern HTTPLOG = Pattern.compile(
            "\\S+ \\[[^\\]]+\\] \\S+ [^/\\s]+/(\\S+) \\S+ (-?\\d+) .*\"(\\S+) (\\S+) HTTP/[0-9.]+\"\\s*$");

    /** One request as HAProxy logged it: the node it went to ({@code <NOSRV>} for none), its status. */
    public record Request(String server, int status, String method, String uri) {

        /** The Engine.IO session id in the query, or null (a handshake, or not Socket.IO). */
        public String sid() {
            Matcher sid = Pattern.compile("[?&]sid=([^&]+)").matcher(uri);
            return sid.find() ? sid.group(1) : null;
        }

        public boolean socketIo() {
            return uri.startsWith("/socket.io/");
        }
    }

    private final int port = RedisServer.freePort();
    private final Path log = Path.of("target/cluster-it/haproxy-" + port + ".log");
    private Process process;

    public static String binary() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String message = "haproxy is not installed (apt-get install -y haproxy)";
        if ("1".equals(System.getenv("HIBIKI_REQUIRE_HAPROXY"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        return null;
    }

    /** Checks the configuration ({@code haproxy -c}), starts HAProxy in the foreground and waits until it routes. */
    public HaproxyProcess start(List<HubProcess> nodes) {
        String haproxy = binary();
        Map<String, String> environment = environment(nodes);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder check = new ProcessBuilder(haproxy, "-c", "-f", CONFIG.toString()).redirectErrorStream(true);
            check.environment().putAll(environment);
            Process checking = check.start();
            String output = new String(checking.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!checking.waitFor(30, TimeUnit.SECONDS) || checking.exitValue() != 0) {
                throw new IllegalStateException(CONFIG + " is not valid for haproxy: " + output);
            }
            // -db: stay in the foreground (no daemon), so the log goes to this process' stdout.
            ProcessBuilder run = new ProcessBuilder(haproxy, "-db", "-f", CONFIG.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            run.environment().putAll(environment);
            process = run.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start haproxy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(baseUrl().resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return this;
    }

    /** What deploy/examples/haproxy.cfg reads: where to listen, and node i's address as HUB_NODE_i. */
    private Map<String, String> environment(List<HubProcess> nodes) {
        if (nodes.size() != 3) {
            throw new IllegalArgumentException("deploy/examples/haproxy.cfg lists three nodes, not " + nodes.size());
        }
        Map<String, String> environment = new java.util.HashMap<>();
        environment.put("HUB_LISTEN", "127.0.0.1:" + port);
        for (int i = 0; i < nodes.size(); i++) {
            environment.put("HUB_NODE_" + (i + 1), "127.0.0.1:" + nodes.get(i).baseUrl().getPort());
        }
        return environment;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Every request HAProxy has logged so far (a request is logged when it ends: a held poll later). */
    public List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                Matcher matcher = HTTPLOG.matcher(line);
                if (matcher.find()) {
                    requests.add(new Request(matcher.group(1), Integer.parseInt(matcher.group(2)), matcher.group(3),
                            matcher.group(4)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
        return requests;
    }

    /** The requests logged after the first {@code from} (e.g. a {@link #requests()}{@code .size()} taken earlier). */
    public List<Request> requestsSince(int from) {
        List<Request> all = requests();
        return all.subList(Math.min(from, all.size()), all.size());
    }

    public File log() {
        return log.toFile();
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
