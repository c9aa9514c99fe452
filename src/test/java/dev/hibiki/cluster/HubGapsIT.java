package dev.hibiki.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.PresenceFrames;
import dev.hibiki.testing.WsClient;
import dev.hibiki.testing.cluster.RedisClusterServers;
import dev.hibiki.testing.cluster.SteadyPublisher;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * Issue 14: hub-wide frames that cross nodes are never lost silently. Two packaged nodes on a real
 * Redis Cluster (3 primaries + 3 replicas); the primary serving the hub channel's slot fails over
 * while a client on one node broadcasts steadily. The client on the other node gets the broadcasts
 * in order, and exactly as many as it did not get are announced to it in {@code missed} frames.
 */
class HubGapsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** The hub channel (docs/CLUSTER.md): the default prefix, in the hub's own slot. */
    private static final String HUB_CHANNEL = "hibiki:{hibiki}:bus";

    // No ticks: they cross nodes on the hub channel too, and this test counts broadcasts alone.
    @RegisterExtension
    static final TestCluster<RedisClusterServers> cluster = TestCluster.onRedisCluster(3, List.of("g1", "g2"),
            "hibiki.ticks.every=off");

    @Test
    void aFailoverOfTheHubSlotsPrimaryLosesNoBroadcastSilently() throws Exception {
        WsClient b = cluster.client(1, "b");
        WsClient a = cluster.client(0, "a");
        // a's connect notice is a hub-wide frame of a's node as well: let it pass before counting.
        await().atMost(PATIENCE).until(() -> b.all().stream().anyMatch(f -> PresenceFrames.announces(f, "connect", "a")));
        RedisClusterServers redis = cluster.redis();
        int slot = Integer.parseInt(redis.cli(redis.ports().get(0), "CLUSTER", "KEYSLOT", HUB_CHANNEL).trim());
        int primary = redis.primaryOf(slot);
        int replica = redis.replicaOf(primary);

        int n = 300;
        List<String> sent = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            sent.add("m" + k);
        }
        SteadyPublisher publisher = SteadyPublisher.broadcasts(a, n);
        await().atMost(PATIENCE).until(() -> texts(b).size() >= n / 4);
        assertThat(redis.cli(replica, "CLUSTER", "FAILOVER").trim()).isEqualTo("OK");
        await().atMost(PATIENCE).until(() -> redis.cli(replica, "ROLE").startsWith("master"));
        publisher.finish();

        // Both nodes back on the hub channel: a broadcast sent now reaches b. Whatever was lost
        // before it shows as a gap when it arrives.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String probe = "probe-" + UUID.randomUUID();
            sent.add(probe);
            a.send("broadcast", "text", probe);
            await().atMost(Duration.ofSeconds(2)).until(() -> texts(b).contains(probe));
        });

        assertThat(a.all("error")).as("every broadcast was accepted by a's node").isEmpty();
        List<String> got = texts(b);
        List<String> inOrder = sent.stream().filter(got::contains).toList();
        assertThat(got).as("b's broadcasts, in a's order, each once").isEqualTo(inOrder);
        long missing = sent.size() - got.size();
        long announced = b.all("missed").stream().mapToLong(m -> m.path("frames").asLong()).sum();
        assertThat(b.all("missed")).allSatisfy(m -> assertThat(m.path("scope").asText()).isEqualTo("hub"));
        assertThat(announced).as("frames b was told it missed; it did not get " + missing + " of " + sent.size())
                .isEqualTo(missing);
        assertThat(hubMissedMetric(1)).as("hibiki_cluster_hub_missed_total on b's node").isEqualTo(missing);
        assertThat(got.size()).as("most of the stream went through").isGreaterThan(n / 2);
    }

    /** Broadcast texts {@code client} received from a's stream and probes, in arrival order. */
    private static List<String> texts(WsClient client) {
        return client.all("broadcast").stream().map(f -> f.path("text").asText())
                .filter(t -> t.startsWith("m") || t.startsWith("probe-")).toList();
    }

    private static long hubMissedMetric(int node) throws Exception {
        Set<String> lines = cluster.node(node).body("/q/metrics").lines()
                .filter(line -> line.startsWith("hibiki_cluster_hub_missed_total")).collect(Collectors.toSet());
        assertThat(lines).as("the metric is registered").isNotEmpty();
        return lines.stream().mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
