package dev.hibiki.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HashSlotsTest {

    @Test
    void slotsAreTheOnesRedisClusterComputes() {
        // Values from the Redis Cluster specification and `CLUSTER KEYSLOT`.
        assertEquals(0x31C3, HashSlots.crc16("123456789".getBytes()));
        assertEquals(12182, HashSlots.slot("foo"));
        assertEquals(HashSlots.slot("{user1000}.following"), HashSlots.slot("{user1000}.followers"));
        assertEquals(HashSlots.slot("user1000"), HashSlots.slot("x{user1000}y"));
        assertEquals(HashSlots.slot("foo{}{bar}"), HashSlots.slot("foo{}{bar}"), "an empty tag hashes the whole key");
    }

    @Test
    void eachPartitionTagLandsOnTheMiddleOfItsShareOfSlots() {
        HashSlots slots = new HashSlots(128);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 128; i++) {
            int slot = HashSlots.slot("x:{" + slots.tag(i) + "}:room:a:seq");
            assertEquals(HashSlots.target(i, 128), slot);
            assertTrue(seen.add(slot));
        }
    }

    @Test
    void partitionsSplitEvenlyOverShardsThatSplitSlotsEvenly() {
        HashSlots slots = new HashSlots(128);
        int[] perShard = new int[3];
        for (int i = 0; i < 128; i++) {
            // redis-cli --cluster create with 3 primaries: 0-5460, 5461-10922, 10923-16383
            int slot = HashSlots.slot("{" + slots.tag(i) + "}");
            perShard[slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2]++;
        }
        for (int count : perShard) {
            assertTrue(count == 42 || count == 43, "partitions per shard: " + java.util.Arrays.toString(perShard));
        }
    }

    @Test
    void roomsSpreadOverPartitionsAndStayPut() {
        HashSlots slots = new HashSlots(16);
        int[] perPartition = new int[16];
        for (int room = 0; room < 16_000; room++) {
            perPartition[slots.partition("room-" + room)]++;
        }
        for (int count : perPartition) {
            assertTrue(count > 800 && count < 1200, "rooms per partition: " + java.util.Arrays.toString(perPartition));
        }
        assertEquals(new HashSlots(16).tagOf("lobby"), slots.tagOf("lobby"), "every node computes the same tags");
    }
}
