package dev.hibiki.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.PresenceFrames;
import dev.hibiki.testing.WsClient;
import dev.hibiki.testing.cluster.HubProcess;
import dev.hibiki.testing.cluster.RedisServer;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * Three packaged Hibiki processes joined through one real redis-server behave as one hub:
 * hub-wide frames reach every client on every node once and in each sender's order, counts and
 * presence are cluster-wide, ticks come once per interval, a killed node stops being counted, and
 * Redis going away and coming back degrades to local service and then heals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    @RegisterExtension
    static final TestCluster<RedisServer> cluster = TestCluster.standalone(List.of("n1", "n2", "n3"));

    private WsClient client(int node, String name) {
        return cluster.client(node, name);
    }

    @Test
    @Order(1)
    void broadcastsReachEveryNodeOnceInEachSendersOrder() {
        List<WsClient> receivers = List.of(client(0, "r0"), client(1, "r1"), client(2, "r2"), client(2, "r2b"));
        WsClient a = client(0, "a");
        WsClient b = client(1, "b");
        int n = 100;
        for (int i = 0; i < n; i++) {
            a.send("broadcast", "text", "a" + i);
            b.send("broadcast", "text", "b" + i);
        }
        for (WsClient receiver : receivers) {
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.all("broadcast").size() >= 2 * n);
            List<JsonNode> got = receiver.all("broadcast");
            assertThat(texts(got, "a")).as("a's broadcasts on " + receiver).isEqualTo(expected("a", n));
            assertThat(texts(got, "b")).as("b's broadcasts on " + receiver).isEqualTo(expected("b", n));
            assertThat(got).hasSize(2 * n);
        }
    }

    @Test
    @Order(2)
    void restPublishesAndNotificationsReachClientsOnEveryNode() throws Exception {
        WsClient far = client(2, "far");
        WsClient near = client(0, "near");
        assertThat(cluster.node(0).post("/api/broadcast", "{\"text\":\"from a server\"}").statusCode()).isEqualTo(200);
        assertThat(far.next("broadcast").path("text").asText()).isEqualTo("from a server");
        assertThat(near.next("broadcast").path("text").asText()).isEqualTo("from a server");
        assertThat(cluster.node(1).post("/api/notifications", "{\"title\":\"Deploy\",\"body\":\"done\",\"tag\":\"t1\"}")
                .statusCode()).isEqualTo(200);
        for (WsClient c : List.of(far, near)) {
            JsonNode notification = c.next("notification");
            assertThat(notification.path("title").asText()).isEqualTo("Deploy");
            assertThat(notification.path("tag").asText()).isEqualTo("t1");
        }
    }

    @Test
    @Order(3)
    void countsAndPresenceAreClusterWide() throws Exception {
        WsClient watcher = client(0, "watcher");
        client(1, "p1");
        client(2, "p2");
        client(2, "p3");
        await().atMost(Duration.ofSeconds(10)).until(() -> lastCount(watcher) == 4);
        List<String> joined = new ArrayList<>(watcher.all("presence").stream()
                .filter(p -> "connect".equals(p.path("event").asText()))
                .map(p -> p.path("who").path("name").asText()).toList());
        // Connects close together on one node come as one batch (docs/PROTOCOL.md, "Presence").
        watcher.all("presence_batch").forEach(b -> b.path("joined").forEach(w -> joined.add(w.path("name").asText())));
        assertThat(joined).contains("p1", "p2", "p3");
        watcher.send("status");
        assertThat(watcher.next("status").path("connections").asInt()).isEqualTo(4);
        WsClient late = client(1, "late");
        assertThat(late.all("welcome")).isNotEmpty();
        assertThat(late.all("welcome").get(0).path("connections").asInt()).isEqualTo(5);
        cluster.closeNow(late);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastCount(watcher) == 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.all().stream()
                .anyMatch(p -> PresenceFrames.announces(p, "disconnect", "late")));
    }

    @Test
    @Order(4)
    void ticksComeOncePerIntervalForTheWholeCluster() {
        WsClient t0 = client(0, "t0");
        WsClient t2 = client(2, "t2");
        // The test profile ticks every second on each of the three nodes.
        await().atMost(Duration.ofSeconds(15)).until(() -> t0.all("tick").size() >= 5 && t2.all("tick").size() >= 5);
        List<Long> seen0 = t0.all("tick").stream().map(t -> t.path("count").asLong()).toList();
        List<Long> seen2 = t2.all("tick").stream().map(t -> t.path("count").asLong()).toList();
        for (List<Long> seen : List.of(seen0, seen2)) {
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(seen).isSorted();
        }
        List<Long> common = seen0.stream().filter(seen2::contains).toList();
        assertThat(common).as("both clients see the same ticks").hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    @Order(5)
    void aKilledNodeStopsBeingCountedWithinTheNodeTimeout() throws Exception {
        WsClient watcher = client(0, "watcher");
        client(2, "doomed1");
        client(2, "doomed2");
        await().atMost(Duration.ofSeconds(10)).until(() -> lastCount(watcher) == 3);
        long killed = System.nanoTime();
        cluster.node(2).kill9();
        // node-timeout is 2 s here (HubProcess); heartbeats every 500 ms.
        await().atMost(Duration.ofSeconds(10)).until(() -> lastCount(watcher) == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(6));
        cluster.replace(2);
        WsClient back = client(2, "back");
        await().atMost(Duration.ofSeconds(10)).until(() -> lastCount(watcher) == 2);
        watcher.send("broadcast", "text", "welcome back");
        assertThat(back.next("broadcast").path("text").asText()).isEqualTo("welcome back");
    }

    @Test
    @Order(6)
    void redisDownDegradesToLocalServiceAndHealsWhenItIsBack() throws Exception {
        WsClient local1 = client(0, "l1");
        WsClient local2 = client(0, "l2");
        WsClient remote = client(1, "rm");
        await().atMost(Duration.ofSeconds(10)).until(() -> lastCount(local1) == 3);

        cluster.redis().stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> "degraded".equals(cluster.node(0).hubState()));
        assertThat(cluster.node(0).get("/q/health/ready")).as("degraded nodes stay in the Service").isEqualTo(200);
        assertThat(cluster.node(0).hubCheck().path("reason").asText()).contains("redis");
        assertThat(cluster.node(0).body("/q/metrics")).contains("hibiki_cluster_redis_up 0.0");
        local1.send("broadcast", "text", "during the outage");
        assertThat(local2.next("broadcast").path("text").asText()).isEqualTo("during the outage");
        local1.send("echo", "text", "still here");
        assertThat(local1.next("echo").path("text").asText()).isEqualTo("still here");
        // Peers are forgotten after the node timeout: counts fall back to this node's own.
        await().atMost(Duration.ofSeconds(10)).until(() -> lastCount(local1) == 2);

        cluster.redis().start();
        for (HubProcess node : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "serving".equals(node.hubState()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lastCount(local1) == 3);
        assertThat(cluster.node(0).body("/q/metrics")).contains("hibiki_cluster_redis_up 1.0").contains("hibiki_cluster_peers 2.0");
        local1.send("broadcast", "text", "after the outage");
        assertThat(remote.next(f -> "broadcast".equals(f.path("type").asText())
                && "after the outage".equals(f.path("text").asText()), "broadcast after the outage")).isNotNull();
        assertThat(remote.all("broadcast")).extracting(f -> f.path("text").asText()).doesNotContain("during the outage");
    }

    private static int lastCount(WsClient client) {
        List<JsonNode> counts = client.all("count");
        return counts.isEmpty() ? client.all("welcome").get(0).path("connections").asInt()
                : counts.get(counts.size() - 1).path("connections").asInt();
    }

    private static List<String> texts(List<JsonNode> frames, String prefix) {
        return frames.stream().map(f -> f.path("text").asText()).filter(t -> t.startsWith(prefix)).toList();
    }

    private static List<String> expected(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }
}
