package dev.hibiki.rooms.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.WsClient;
import dev.hibiki.testing.cluster.RedisSentinelServers;
import dev.hibiki.testing.cluster.SteadyPublisher;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * Rooms on Redis behind Sentinel (a primary, a replica, one sentinel) with two packaged Hibiki
 * nodes using {@code quarkus.redis.client-type=sentinel}: messages in order across the nodes, and
 * a Sentinel failover mid-stream after which both nodes deliver again, with no message missed
 * without the member being told.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelRoomsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestCluster<RedisSentinelServers> cluster = TestCluster.onSentinel(List.of("t1", "t2"));

    private static void join(WsClient client, String room) {
        client.send("join", "room", room);
        assertThat(client.next("joined").path("room").asText()).isEqualTo(room);
    }

    @Test
    @Order(1)
    void messagesFromOneNodeReachTheOtherInOrder() {
        String room = "sentinel-" + UUID.randomUUID().toString().substring(0, 6);
        WsClient a = cluster.client(0, "a");
        WsClient b = cluster.client(1, "b");
        join(a, room);
        join(b, room);
        int n = 50;
        for (int k = 0; k < n; k++) {
            a.send("publish", "room", room, "text", "m" + k);
        }
        await().atMost(PATIENCE).until(() -> b.all("message").size() >= n);
        assertThat(b.all("message").stream().map(m -> m.path("text").asText()).toList())
                .isEqualTo(IntStream.range(0, n).mapToObj(k -> "m" + k).toList());
        assertThat(b.all("message").stream().map(m -> m.path("seq").asLong()).toList())
                .isEqualTo(IntStream.rangeClosed(1, n).mapToObj(Long::valueOf).toList());
    }

    @Test
    @Order(2)
    void aSentinelFailoverMidStreamLosesNothingSilently() throws Exception {
        String room = "sentinel-failover-" + UUID.randomUUID().toString().substring(0, 6);
        WsClient a = cluster.client(0, "a");
        WsClient b = cluster.client(1, "b");
        join(a, room);
        join(b, room);
        int before = cluster.redis().primaryPort();
        int n = 300;
        SteadyPublisher publisher = SteadyPublisher.start(a, room, n);
        await().atMost(PATIENCE).until(() -> b.all("message").size() >= n / 4);
        assertThat(cluster.redis().failover()).isEqualTo("OK");
        await().atMost(PATIENCE).until(() -> cluster.redis().primaryPort() != before);
        // The old primary is a replica now (Sentinel reconfigured it): the nodes must have moved on.
        await().atMost(PATIENCE).until(() -> cluster.redis().cli(before, "ROLE").startsWith("slave"));
        publisher.finish();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            String probe = "probe-" + UUID.randomUUID();
            a.send("publish", "room", room, "text", probe);
            await().atMost(Duration.ofSeconds(2)).until(() -> b.all("message").stream()
                    .anyMatch(m -> probe.equals(m.path("text").asText())));
        });

        List<JsonNode> got = b.all("message");
        List<Long> seqs = got.stream().map(m -> m.path("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        boolean told = b.all("joined").stream().anyMatch(j -> j.path("room").asText().equals(room)
                && j.has("recovered") && !j.path("recovered").asBoolean());
        Set<String> atB = got.stream().map(m -> m.path("text").asText()).collect(Collectors.toSet());
        List<String> missing = a.all("message").stream().map(m -> m.path("text").asText())
                .filter(t -> t.startsWith("m") && !atB.contains(t)).toList();
        if (!told) {
            assertThat(missing).as("messages a saw that b never got, without being told").isEmpty();
        }
    }
}
