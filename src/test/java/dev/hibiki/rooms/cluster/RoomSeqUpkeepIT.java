package dev.hibiki.rooms.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hibiki.cluster.HashSlots;
import dev.hibiki.testing.WsClient;
import dev.hibiki.testing.cluster.RedisServer;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * A quiet room's seq in Redis (docs/CLUSTER.md "What is in Redis"): kept while the room has
 * members, by a renewal once per TTL rather than a write every sweep. With {@code max-age=2s} a
 * sweep runs every second and the seq's TTL is 2 s + 4 sweeps = 6 s (renewed to 12 s).
 */
class RoomSeqUpkeepIT {

    private static final HashSlots SLOTS = new HashSlots(128);

    @RegisterExtension
    static final TestCluster<RedisServer> cluster = TestCluster.standalone(List.of("u1"),
            "hibiki.rooms.history.max-age=2s", "hibiki.ticks.every=off");

    private static long calls(String command) {
        for (String line : cluster.redis().cli("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')));
            }
        }
        return 0;
    }

    @Test
    void aQuietRoomWithMembersKeepsItsSeqWithOneRenewalPerTtlNotOnePerSweep() {
        String room = "quiet-" + UUID.randomUUID().toString().substring(0, 6);
        String seqKey = "hibiki:{" + SLOTS.tagOf(room) + "}:room:" + room + ":seq";
        WsClient a = cluster.client(0, "a");
        a.send("join", "room", room);
        a.next("joined");
        a.send("publish", "room", room, "text", "only");
        assertThat(a.next("message").path("seq").asLong()).isEqualTo(1);
        assertThat(cluster.redis().cli("CONFIG", "RESETSTAT").trim()).isEqualTo("OK");

        // Three sweeps (each a script call) while more than the TTL is left: nothing written.
        await().atMost(Duration.ofSeconds(20)).until(() -> calls("evalsha") >= 3);
        assertThat(calls("pexpire")).as("no renewal while more than the TTL is left").isZero();

        // Past the first expiry it would have had (12 s after the message), the seq is still there,
        // renewed when it fell under the TTL.
        await().atMost(Duration.ofSeconds(30)).until(() -> calls("pexpire") >= 1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> calls("evalsha") >= 14);
        assertThat(cluster.redis().cli("GET", seqKey).trim()).isEqualTo("1");
        assertThat(calls("pexpire")).as("one renewal per TTL, not one per sweep").isLessThanOrEqualTo(2);
        a.send("publish", "room", room, "text", "later");
        assertThat(a.next("message").path("seq").asLong()).isEqualTo(2);
    }
}
