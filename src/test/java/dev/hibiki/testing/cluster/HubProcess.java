package dev.hibiki.testing.cluster;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Hibiki node: the packaged jar (so only from *IT classes, after `package`) started in cluster
 * mode against a {@link RedisServer}, on a free port, with the test profile's short timings and a
 * short node timeout. Its log is target/cluster-it/NODE.log.
 */
public final class HubProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String node;
    private final String redisHosts;
    private final List<String> properties;
    private final int port;
    private Process process;

    /** @param properties extra {@code key=value} settings for this node */
    public HubProcess(String node, RedisServer redis, String... properties) {
        this(node, redis.url(), properties);
    }

    /**
     * @param redisHosts {@code quarkus.redis.hosts}: one URL, or several comma-separated for a
     *                   Redis Cluster (with {@code quarkus.redis.client-type=cluster} in properties)
     */
    public HubProcess(String node, String redisHosts, String... properties) {
        this.node = node;
        this.redisHosts = redisHosts;
        this.properties = List.of(properties);
        this.port = RedisServer.freePort();
    }

    public HubProcess start() {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port, "-Dhibiki.node=" + node,
                "-Dhibiki.cluster.mode=redis", "-Dquarkus.redis.hosts=" + redisHosts,
                "-Dhibiki.cluster.heartbeat=500ms", "-Dhibiki.cluster.node-timeout=2s",
                "-Dhibiki.cluster.reconnect-max=1s", "-Dhibiki.limits.max-connections-per-address=10000"));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        File log = new File("target/cluster-it/" + node + ".log");
        log.getParentFile().mkdirs();
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + node, e);
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> "serving".equals(hubState()));
        return this;
    }

    public String node() {
        return node;
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + port + "/");
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The hub readiness check's data ({@code state}, {@code connections}, ...). */
    public JsonNode hubCheck() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(baseUrl().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
            if ("hub".equals(check.path("name").asText())) {
                return check.path("data");
            }
        }
        throw new IllegalStateException("no hub check in " + response.body());
    }

    public String hubState() throws IOException, InterruptedException {
        return hubCheck().path("state").asText();
    }

    /** The HTTP status of a plain GET. */
    public int get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The body of a plain GET. */
    public String body(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** POSTs JSON and returns the response. */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Any HTTP request, answered within {@code timeout}: {@code json} (may be null) is the body,
     * {@code headers} are name, value pairs.
     */
    public HttpResponse<String> request(String method, String path, String json, Duration timeout, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The WebSocket endpoint of this node. */
    public URI wsUrl() {
        return URI.create("ws://localhost:" + port + "/ws");
    }

    /** SIGKILL: the node vanishes without a goodbye. */
    public void kill9() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** SIGTERM and wait for the graceful shutdown. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
