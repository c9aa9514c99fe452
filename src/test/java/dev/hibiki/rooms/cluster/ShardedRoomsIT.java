package dev.hibiki.rooms.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.cluster.HashSlots;
import dev.hibiki.testing.WsClient;
import dev.hibiki.testing.cluster.RedisClusterServers;
import dev.hibiki.testing.cluster.SteadyPublisher;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * Rooms on a real Redis Cluster (3 primaries + 3 replicas on loopback) with two packaged Hibiki
 * nodes, observed through WebSocket clients and redis-cli: each room's messages in seq order,
 * each node subscribed only to the rooms it has members in, and a primary failing over mid-run
 * without a member losing a message silently.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardedRoomsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final HashSlots SLOTS = new HashSlots(128);

    @RegisterExtension
    static final TestCluster<RedisClusterServers> cluster = TestCluster.onRedisCluster(3, List.of("s1", "s2"), "hibiki.cluster.unsubscribe-delay=300ms");

    private static String room(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static void join(WsClient client, String room) {
        client.send("join", "room", room);
        assertThat(client.next("joined").path("room").asText()).isEqualTo(room);
    }

    /** The room's sharded channel, as docs/CLUSTER.md names it. */
    private static String channel(String room) {
        return "hibiki:{" + SLOTS.tagOf(room) + "}:room:" + room;
    }

    /** The node's {@code hibiki_cluster_intake_total{channel="room"}} from /q/metrics. */
    private static long roomIntake(int node) {
        try {
            return cluster.node(node).body("/q/metrics").lines()
                    .filter(line -> line.startsWith("hibiki_cluster_intake_total{") && line.contains("channel=\"room\""))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> seqs(List<JsonNode> messages) {
        return messages.stream().map(m -> m.path("seq").asLong()).toList();
    }

    @Test
    @Order(1)
    void roomsOnDifferentNodesGetTheirMessagesInOrderAndOnlyTheirNodeSubscribes() {
        List<String> rooms = List.of(room("one"), room("two"), room("three"), room("four"), room("five"), room("six"));
        Set<Integer> primaries = rooms.stream().map(r -> cluster.redis().primaryOf(HashSlots.slot(channel(r))))
                .collect(Collectors.toSet());
        List<WsClient> senders = new ArrayList<>();
        List<WsClient> receivers = new ArrayList<>();
        for (int i = 0; i < rooms.size(); i++) {
            int node = i % 2;
            WsClient sender = cluster.client(node, "a" + i);
            WsClient receiver = cluster.client(node, "b" + i);
            join(sender, rooms.get(i));
            join(receiver, rooms.get(i));
            senders.add(sender);
            receivers.add(receiver);
        }
        int n = 40;
        long[] roomIntakeBefore = { roomIntake(0), roomIntake(1) };
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < rooms.size(); i++) {
                senders.get(i).send("publish", "room", rooms.get(i), "text", "m" + k);
            }
        }
        for (int i = 0; i < rooms.size(); i++) {
            WsClient receiver = receivers.get(i);
            await().atMost(PATIENCE).until(() -> receiver.all("message").size() >= n);
            List<JsonNode> got = receiver.all("message");
            assertThat(got).hasSize(n);
            assertThat(got.stream().map(m -> m.path("text").asText()).toList())
                    .isEqualTo(java.util.stream.IntStream.range(0, n).mapToObj(k -> "m" + k).toList());
            assertThat(seqs(got)).isEqualTo(java.util.stream.LongStream.rangeClosed(1, n).boxed().toList());
            assertThat(got).allMatch(m -> m.path("room").asText().equals(rooms.get(receivers.indexOf(receiver))));
            // One node has members: one subscriber in the whole cluster.
            assertThat(cluster.redis().shardSubscribers(channel(rooms.get(i)))).as("subscribers of " + rooms.get(i)).isEqualTo(1);
        }
        assertThat(primaries).as("these rooms live on more than one shard").hasSizeGreaterThan(1);
        // Each node's room intake is exactly its own rooms' messages: three rooms of n each, none
        // of the other node's.
        for (int node = 0; node < 2; node++) {
            assertThat(roomIntake(node) - roomIntakeBefore[node]).as("room frames node " + node + " received").isEqualTo(3L * n);
        }

        // A member on the other node: that node subscribes too, and hears the room from then on.
        WsClient late = cluster.client(1, "late");
        join(late, rooms.get(0));
        assertThat(cluster.redis().shardSubscribers(channel(rooms.get(0)))).isEqualTo(2);
        senders.get(0).send("publish", "room", rooms.get(0), "text", "after-late");
        assertThat(late.next("message").path("seq").asLong()).isEqualTo(n + 1);

        // Everyone leaves: the nodes unsubscribe shortly after.
        late.send("leave", "room", rooms.get(0));
        late.next("left");
        for (int i = 0; i < rooms.size(); i++) {
            for (WsClient member : List.of(senders.get(i), receivers.get(i))) {
                member.send("leave", "room", rooms.get(i));
                member.next("left");
            }
        }
        for (String room : rooms) {
            await().atMost(PATIENCE).until(() -> cluster.redis().shardSubscribers(channel(room)) == 0);
        }
    }

    @Test
    @Order(2)
    void aPrimaryFailingOverMidRunLosesNoMessageSilently() throws Exception {
        midStream("failover", (room, primary) -> {
            int replica = cluster.redis().replicaOf(primary);
            assertThat(cluster.redis().cli(replica, "CLUSTER", "FAILOVER").trim()).isEqualTo("OK");
            await().atMost(PATIENCE).until(() -> cluster.redis().cli(replica, "ROLE").startsWith("master"));
        });
    }

    @Test
    @Order(3)
    void aRoomsSlotMovedToAnotherPrimaryMidRunLosesNoMessageSilently() throws Exception {
        midStream("reshard", (room, primary) -> {
            int slot = HashSlots.slot(channel(room));
            int target = cluster.redis().primaryPorts().stream().filter(port -> port != primary).findFirst().orElseThrow();
            cluster.redis().moveSlot(slot, primary, target);
            await().atMost(PATIENCE).until(() -> cluster.redis().primaryOf(slot) == target);
        });
    }

    @Test
    @Order(4)
    void aMemberWhoseNodeMissedMessagesThatAreGoneIsToldRecoveredFalse() throws Exception {
        // Subscribers cut off: both nodes count Redis as down for a moment, so the sender's node
        // numbers its messages on its own and they never reach Redis or the other node.
        String room = room("cut");
        WsClient a = cluster.client(0, "a");
        WsClient b = cluster.client(1, "b");
        join(a, room);
        join(b, room);
        a.send("publish", "room", room, "text", "before");
        assertThat(b.next("message").path("seq").asLong()).isEqualTo(1);
        for (int port : cluster.redis().ports()) {
            cluster.redis().cli(port, "CLIENT", "KILL", "TYPE", "pubsub");
        }
        for (int k = 0; k < 20; k++) {
            a.send("publish", "room", room, "text", "during-" + k);
            Thread.sleep(20); // spread over the moment the nodes reconnect
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String probe = "probe-" + UUID.randomUUID();
            a.send("publish", "room", room, "text", probe);
            await().atMost(Duration.ofSeconds(2)).until(() -> b.all("message").stream()
                    .anyMatch(m -> probe.equals(m.path("text").asText())));
        });
        List<JsonNode> got = b.all("message");
        assertThat(seqs(got)).isSorted().doesNotHaveDuplicates();
        Set<String> atB = got.stream().map(m -> m.path("text").asText()).collect(Collectors.toSet());
        List<String> missing = a.all("message").stream().map(m -> m.path("text").asText())
                .filter(t -> t.startsWith("during-") && !atB.contains(t)).toList();
        if (!missing.isEmpty()) {
            JsonNode told = b.next(f -> "joined".equals(f.path("type").asText()) && f.has("recovered"), "joined recovered");
            assertThat(told.path("room").asText()).isEqualTo(room);
            assertThat(told.path("recovered").asBoolean()).isFalse();
            assertThat(told.has("re")).as("unsolicited").isFalse();
        }
    }

    /** What a topology change does to a room's slot; {@code primary} serves it before. */
    private interface Disruption {
        void apply(String room, int primary) throws Exception;
    }

    /**
     * A member on node 0 publishes a steady stream to a room that a member on node 1 is in; the
     * room's slot is disrupted mid-stream. Both nodes resubscribe, and node 1's member gets
     * every message node 0's member saw, in seq order and once, or is told recovered:false.
     */
    private void midStream(String what, Disruption disruption) throws Exception {
        String room = room(what);
        WsClient a = cluster.client(0, "a");
        WsClient b = cluster.client(1, "b");
        join(a, room);
        join(b, room);
        int primary = cluster.redis().primaryOf(HashSlots.slot(channel(room)));

        int n = 300;
        SteadyPublisher publisher = SteadyPublisher.start(a, room, n);
        await().atMost(PATIENCE).until(() -> b.all("message").size() >= n / 4);
        disruption.apply(room, primary);
        publisher.finish();

        // Resubscribed: a message published now reaches the other node's member.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String probe = "probe-" + UUID.randomUUID();
            a.send("publish", "room", room, "text", probe);
            await().atMost(Duration.ofSeconds(2)).until(() -> b.all("message").stream()
                    .anyMatch(m -> probe.equals(m.path("text").asText())));
        });
        // One subscription per node; a connection closed during the move may take a moment to go.
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.redis().shardSubscribers(channel(room)) == 2);

        // b saw every message at most once, in seq order; what it missed it was told about.
        List<JsonNode> got = b.all("message");
        assertThat(seqs(got)).isSorted().doesNotHaveDuplicates();
        boolean told = b.all("joined").stream().anyMatch(j -> j.path("room").asText().equals(room)
                && j.has("recovered") && !j.path("recovered").asBoolean());
        Set<String> atB = got.stream().map(m -> m.path("text").asText()).collect(Collectors.toSet());
        List<String> confirmed = a.all("message").stream().map(m -> m.path("text").asText())
                .filter(t -> t.startsWith("m")).toList();
        List<String> missing = confirmed.stream().filter(t -> !atB.contains(t)).toList();
        if (!told) {
            assertThat(missing).as("messages a saw confirmed that b never got, without being told").isEmpty();
            List<Long> seqs = seqs(got);
            assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).as("no seq skipped").isEqualTo(seqs.size() - 1);
        }
        assertThat(confirmed.size()).as("most of the stream went through").isGreaterThan(n / 2);
    }
}
