package dev.hibiki.testing.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;

/**
 * The cluster every cluster *IT runs against: real Redis of one shape (a standalone
 * {@link RedisServer}, a {@link RedisClusterServers} or a {@link RedisSentinelServers}) and packaged
 * Hibiki nodes ({@link HubProcess}) joined through it, started once for the test class and stopped
 * after it. Clients opened through it are closed after each test. Register it in the test class:
 * <pre>
 * &#64;RegisterExtension
 * static final TestCluster&lt;RedisServer&gt; cluster = TestCluster.standalone(List.of("n1", "n2", "n3"));
 * </pre>
 * Tests in one class share the nodes in order (they stop Redis, kill and replace nodes), so such
 * classes also order their tests.
 */
public final class TestCluster<R extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback,
        AfterEachCallback {

    private final Supplier<R> startRedis;
    private final Function<R, String> hosts;
    private final List<String> names;
    private final String[] properties;
    private final List<HubProcess> nodes = new ArrayList<>();
    private final List<AutoCloseable> openForTest = new ArrayList<>();
    private R redis;

    private TestCluster(Supplier<R> startRedis, Function<R, String> hosts, List<String> names, String... properties) {
        this.startRedis = startRedis;
        this.hosts = hosts;
        this.names = List.copyOf(names);
        this.properties = properties.clone();
    }

    /** @param properties extra {@code key=value} settings for every node, also those started later */
    public static TestCluster<RedisServer> standalone(List<String> names, String... properties) {
        return new TestCluster<>(() -> new RedisServer().start(), RedisServer::url, names, properties);
    }

    /** Nodes on a Redis Cluster of {@code primaries} primaries with a replica each ({@code client-type=cluster}). */
    public static TestCluster<RedisClusterServers> onRedisCluster(int primaries, List<String> names, String... properties) {
        return new TestCluster<>(() -> new RedisClusterServers(primaries).start(), RedisClusterServers::hosts, names,
                with(properties, "quarkus.redis.client-type=cluster"));
    }

    /** Nodes on a primary, a replica and a sentinel ({@code client-type=sentinel}). */
    public static TestCluster<RedisSentinelServers> onSentinel(List<String> names, String... properties) {
        return new TestCluster<>(() -> new RedisSentinelServers().start(), RedisSentinelServers::hosts, names,
                with(properties, "quarkus.redis.client-type=sentinel",
                        "quarkus.redis.master-name=" + RedisSentinelServers.MASTER, "quarkus.redis.role=master"));
    }

    private static String[] with(String[] properties, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(List.of(properties));
        return all.toArray(String[]::new);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = startRedis.get();
        for (String name : names) {
            nodes.add(node(name).start());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<AutoCloseable> open;
        synchronized (openForTest) {
            open = List.copyOf(openForTest);
            openForTest.clear();
        }
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        nodes.forEach(HubProcess::close);
        nodes.clear();
        if (redis != null) {
            try {
                redis.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop Redis", e);
            }
        }
    }

    public R redis() {
        return redis;
    }

    public HubProcess node(int index) {
        return nodes.get(index);
    }

    /** The running nodes, in the order they were started or replaced. */
    public List<HubProcess> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public int size() {
        return nodes.size();
    }

    /** Starts one more node with the cluster's settings and adds it at the end. */
    public HubProcess addNode(String name) {
        HubProcess node = node(name).start();
        nodes.add(node);
        return node;
    }

    /** Starts a fresh process under the name of node {@code index} (after {@link HubProcess#kill9()}) in its place. */
    public HubProcess replace(int index) {
        nodes.get(index).close();
        HubProcess node = node(nodes.get(index).node()).start();
        nodes.set(index, node);
        return node;
    }

    /** A WebSocket client on node {@code node} that has received its welcome; closed after the test. */
    public WsClient client(int node, String name) {
        return closeAfterTest(WsClient.joined(TestVertx.shared(), nodes.get(node).baseUrl(), name));
    }

    /** Closes {@code closeable} after the current test (clients of other kinds, e.g. a text test's socket). */
    public <T extends AutoCloseable> T closeAfterTest(T closeable) {
        synchronized (openForTest) {
            openForTest.add(closeable);
        }
        return closeable;
    }

    /** Closes a client now, before the test ends (to watch its disconnect). */
    public void closeNow(AutoCloseable closeable) throws Exception {
        synchronized (openForTest) {
            openForTest.remove(closeable);
        }
        closeable.close();
    }

    private HubProcess node(String name) {
        return new HubProcess(name, hosts.apply(redis), properties);
    }
}
