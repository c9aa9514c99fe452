package dev.hibiki.testing.cluster;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis with Sentinel on loopback for one test class: a primary, one replica and one
 * sentinel (quorum 1) watching them as {@code mymaster}, without persistence. Skips or fails like
 * {@link RedisServer} when redis-server is missing.
 */
public final class RedisSentinelServers implements AutoCloseable {

    public static final String MASTER = "mymaster";

    private final int primary = RedisServer.freePort();
    private final int replica = RedisServer.freePort();
    private final int sentinel = RedisServer.freePort();
    private final List<Process> processes = new ArrayList<>();

    public RedisSentinelServers start() {
        String server = RedisServer.binary();
        try {
            Path dir = Path.of("target/cluster-it/redis-sentinel-" + sentinel).toAbsolutePath();
            Files.createDirectories(dir);
            start(dir, "primary", server, "--port", Integer.toString(primary));
            start(dir, "replica", server, "--port", Integer.toString(replica), "--replicaof", "127.0.0.1",
                    Integer.toString(primary));
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n",
                    "port " + sentinel, "bind 127.0.0.1", "protected-mode no", "dir " + dir,
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + primary + " 1",
                    "sentinel down-after-milliseconds " + MASTER + " 1000",
                    "sentinel failover-timeout " + MASTER + " 5000", ""));
            processes.add(new ProcessBuilder(server, conf.toString(), "--sentinel").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sentinel.log").toFile())).start());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> cli(replica, "INFO", "replication").contains("master_link_status:up")
                            && cli(sentinel, "SENTINEL", "REPLICAS", MASTER).contains(Integer.toString(replica)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Redis with Sentinel", e);
        }
        return this;
    }

    private void start(Path dir, String name, String server, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(server, "--bind", "127.0.0.1", "--save", "", "--appendonly",
                "no", "--protected-mode", "no", "--dir", dir.toString()));
        command.addAll(List.of(args));
        File log = dir.resolve(name + ".log").toFile();
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start());
        int port = Integer.parseInt(args[1]);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> "PONG".equals(cli(port, "PING").trim()));
    }

    /** {@code quarkus.redis.hosts} for {@code client-type=sentinel}: the sentinel. */
    public String hosts() {
        return "redis://127.0.0.1:" + sentinel;
    }

    /** The port of the current primary, as the sentinel sees it. */
    public int primaryPort() {
        String[] answer = cli(sentinel, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER).trim().split("\n");
        return Integer.parseInt(answer[answer.length - 1].trim());
    }

    /** Asks the sentinel to fail the primary over to the replica now. */
    public String failover() {
        return cli(sentinel, "SENTINEL", "FAILOVER", MASTER).trim();
    }

    public String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("redis-cli " + command + " did not finish");
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
