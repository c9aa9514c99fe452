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
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on loopback for one test class: {@code primaries} redis-server processes
 * with one replica each, formed by {@code redis-cli --cluster create} (about 2 s), without
 * persistence. Skips or fails like {@link RedisServer} when redis-server is missing.
 */
public final class RedisClusterServers implements AutoCloseable {

    private final int primaries;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    public RedisClusterServers(int primaries) {
        this.primaries = primaries;
    }

    public RedisClusterServers start() {
        String server = RedisServer.binary();
        try {
            for (int i = 0; i < primaries * 2; i++) {
                int port = RedisServer.freePort();
                Path dir = Path.of("target/cluster-it/redis-cluster/" + port).toAbsolutePath();
                Files.createDirectories(dir);
                Files.deleteIfExists(dir.resolve("nodes.conf"));
                File log = dir.resolve("redis.log").toFile();
                processes.add(new ProcessBuilder(server, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--protected-mode", "no",
                        "--dir", dir.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start());
                ports.add(port);
            }
            for (int port : ports) {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> "PONG".equals(cli(port, "PING").trim()));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            ports.forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            run(create);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ports.stream().allMatch(port -> info(port).contains("cluster_state:ok")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Redis Cluster", e);
        }
        return this;
    }

    /** {@code quarkus.redis.hosts}: every node, comma-separated. */
    public String hosts() {
        return ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** Ports of the nodes that are primaries now. */
    public List<Integer> primaryPorts() {
        return ports.stream().filter(port -> cli(port, "ROLE").startsWith("master")).toList();
    }

    /** The port of the primary serving {@code slot} now. */
    public int primaryOf(int slot) {
        for (int port : primaryPorts()) {
            if (ownsSlot(port, slot)) {
                return port;
            }
        }
        throw new IllegalStateException("no primary serves slot " + slot);
    }

    private boolean ownsSlot(int port, int slot) {
        String myId = cli(port, "CLUSTER", "MYID").trim();
        for (String line : cli(port, "CLUSTER", "NODES").split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 8 && fields[0].equals(myId)) {
                for (int i = 8; i < fields.length; i++) {
                    String range = fields[i];
                    if (range.startsWith("[")) {
                        continue;
                    }
                    String[] ends = range.split("-");
                    int from = Integer.parseInt(ends[0]);
                    int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
                    if (slot >= from && slot <= to) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A replica of the primary at {@code primaryPort}. */
    public int replicaOf(int primaryPort) {
        String primaryId = cli(primaryPort, "CLUSTER", "MYID").trim();
        for (int port : ports) {
            String role = cli(port, "CLUSTER", "NODES");
            for (String line : role.split("\n")) {
                if (line.contains("myself") && line.contains("slave " + primaryId)) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("no replica of " + primaryPort);
    }

    /**
     * Moves one slot, with its keys, from one primary to another, as {@code redis-cli --cluster
     * reshard} does for each slot: IMPORTING/MIGRATING, MIGRATE the keys, then SETSLOT NODE.
     */
    public void moveSlot(int slot, int fromPort, int toPort) {
        String from = cli(fromPort, "CLUSTER", "MYID").trim();
        String to = cli(toPort, "CLUSTER", "MYID").trim();
        String s = Integer.toString(slot);
        cli(toPort, "CLUSTER", "SETSLOT", s, "IMPORTING", from);
        cli(fromPort, "CLUSTER", "SETSLOT", s, "MIGRATING", to);
        while (true) {
            String keys = cli(fromPort, "CLUSTER", "GETKEYSINSLOT", s, "100").trim();
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(toPort), "", "0", "5000", "KEYS"));
            migrate.addAll(List.of(keys.split("\n")));
            cli(fromPort, migrate.toArray(String[]::new));
        }
        cli(toPort, "CLUSTER", "SETSLOT", s, "NODE", to);
        cli(fromPort, "CLUSTER", "SETSLOT", s, "NODE", to);
        for (int port : primaryPorts()) {
            if (port != fromPort && port != toPort) {
                cli(port, "CLUSTER", "SETSLOT", s, "NODE", to);
            }
        }
    }

    /**
     * Subscribers of a sharded channel over all nodes: each counts only its own clients, and a
     * subscription may sit on a replica of the slot's primary (the shard delivers there too).
     */
    public int shardSubscribers(String channel) {
        int sum = 0;
        for (int port : ports) {
            String[] lines = cli(port, "PUBSUB", "SHARDNUMSUB", channel).trim().split("\n");
            sum += Integer.parseInt(lines[lines.length - 1].trim());
        }
        return sum;
    }

    /** CLUSTER INFO of one node. */
    public String info(int port) {
        return cli(port, "CLUSTER", "INFO");
    }

    /** Runs redis-cli against one node and returns its answer (raw, one value per line). */
    public String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            return run(command);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs redis-cli with {@code args} and returns what it printed (package-wide: {@link RedisServer#cli} too). */
    static String run(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("redis-cli");
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("redis-cli " + args + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
