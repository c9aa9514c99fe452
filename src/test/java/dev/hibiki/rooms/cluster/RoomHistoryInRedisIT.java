package dev.hibiki.rooms.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.cluster.HashSlots;
import dev.hibiki.testing.WsClient;
import dev.hibiki.testing.cluster.RedisServer;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * What a room message costs Redis and what the history in Redis answers (docs/CLUSTER.md "What is
 * in Redis"): a message writes its seq and its history entry and nothing else, and recovery reads
 * no further back than {@code history.size} although the stream, trimmed by whole nodes, keeps
 * more. One packaged node on a real Redis, observed through WebSocket clients and redis-cli.
 */
class RoomHistoryInRedisIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int HISTORY = 3;
    private static final HashSlots SLOTS = new HashSlots(128);

    @RegisterExtension
    static final TestCluster<RedisServer> cluster = TestCluster.standalone(List.of("h1"),
            "hibiki.rooms.history.size=" + HISTORY, "hibiki.ticks.every=off"); // ticks write to Redis each second

    private static String room(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static String key(String room, String part) {
        return "hibiki:{" + SLOTS.tagOf(room) + "}:room:" + room + ":" + part;
    }

    private static void join(WsClient client, String room) {
        client.send("join", "room", room);
        assertThat(client.next("joined").path("room").asText()).isEqualTo(room);
    }

    private static void publish(WsClient member, String room, int count, String prefix) {
        int before = member.all("message").size();
        for (int i = 1; i <= count; i++) {
            member.send("publish", "room", room, "text", prefix + i);
        }
        await().atMost(PATIENCE).until(() -> member.all("message").size() == before + count);
    }

    /** INFO commandstats as command → calls. */
    private static Map<String, Long> calls() {
        return Arrays.stream(cluster.redis().cli("INFO", "commandstats").split("\r?\n"))
                .filter(line -> line.startsWith("cmdstat_"))
                .collect(Collectors.toMap(line -> line.substring("cmdstat_".length(), line.indexOf(':')),
                        line -> Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')))));
    }

    @Test
    void aMessageWritesItsSeqAndItsHistoryEntryAndRenewsNoExpiry() {
        String room = room("cost");
        WsClient a = cluster.client(0, "a");
        join(a, room);
        publish(a, room, 1, "first-"); // creates the seq and the history, with their expiries
        long seqTtl = Long.parseLong(cluster.redis().cli("PTTL", key(room, "seq")).trim());
        assertThat(seqTtl).as("a new seq expires").isPositive();

        assertThat(cluster.redis().cli("CONFIG", "RESETSTAT").trim()).isEqualTo("OK");
        int n = 20;
        publish(a, room, n, "m");
        Map<String, Long> calls = calls();
        // The room script per message, and perhaps once the periodic refresh of inhabited rooms' seqs.
        assertThat(calls.get("evalsha")).isBetween((long) n, n + 1L);
        assertThat(calls.get("incr")).isEqualTo(n);
        assertThat(calls.get("xadd")).isEqualTo(n);
        assertThat(calls.get("spublish")).as("the messages, and the nodes' heartbeats").isGreaterThanOrEqualTo(n);
        assertThat(calls).as("the seq is not rewritten per message").doesNotContainKey("set");
        assertThat(calls.getOrDefault("pexpire", 0L)).as("expiries are not renewed per message").isLessThanOrEqualTo(1);
        assertThat(Long.parseLong(cluster.redis().cli("PTTL", key(room, "log")).trim())).isPositive();
    }

    @Test
    void recoveryReadsNoFurtherBackThanTheHistorySizeThoughRedisKeepsMore() {
        String room = room("size");
        WsClient a = cluster.client(0, "a");
        join(a, room);
        publish(a, room, 8, "m");
        assertThat(Long.parseLong(cluster.redis().cli("XLEN", key(room, "log")).trim()))
                .as("trimmed a whole stream node at a time, the history holds more than its size")
                .isGreaterThan(HISTORY);

        // Missed 3..8: more than the history size, so not recovered, as local mode answers.
        WsClient behind = cluster.client(0, "behind");
        behind.send("join", "room", room, "since", 2);
        assertThat(behind.next("joined").path("recovered").asBoolean()).isFalse();
        assertThat(behind.all("message")).isEmpty();

        // Missed 6..8: within the size, replayed in order.
        WsClient recent = cluster.client(0, "recent");
        recent.send("join", "room", room, "since", 5);
        JsonNode joined = recent.next("joined");
        assertThat(joined.path("recovered").asBoolean()).isTrue();
        assertThat(recent.all("message")).extracting(m -> m.path("seq").asLong()).containsExactly(6L, 7L, 8L);
        assertThat(recent.all("message")).extracting(m -> m.path("text").asText()).containsExactly("m6", "m7", "m8");
    }
}
