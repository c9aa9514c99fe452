package dev.hibiki.cluster;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's key → slot mapping (CRC16/XMODEM of the key's hash tag, modulo 16384), and the
 * partition tags rooms are spread over. Keys that share a {@code {tag}} share a slot, which is what
 * lets one script touch a room's seq, history and channel on any Redis shape.
 *
 * <p>Partition tags are precomputed so partition {@code i} lands on the slot at the middle of the
 * {@code i}-th of {@code n} equal slot ranges: with slots split evenly between shards (what
 * {@code redis-cli --cluster create} does), partitions, and so rooms, split evenly too. Tags picked
 * by hashing names instead cluster by chance (Centrifuge issue #554). Every node computes the same
 * tags from the same count, so nodes agree without talking.
 */
public final class HashSlots {

    public static final int SLOTS = 16384;

    private final String[] tags;

    public HashSlots(int partitions) {
        if (partitions < 1 || partitions > SLOTS) {
            throw new IllegalArgumentException("partitions must be between 1 and " + SLOTS + ", not " + partitions);
        }
        tags = new String[partitions];
        int[] wanted = new int[SLOTS];
        java.util.Arrays.fill(wanted, -1);
        for (int i = 0; i < partitions; i++) {
            wanted[target(i, partitions)] = i;
        }
        // The first short tag that hashes to each wanted slot (about 10^5 tries for 128 partitions).
        for (int candidate = 0, found = 0; found < partitions; candidate++) {
            String tag = Integer.toString(candidate, 36);
            int partition = wanted[slot(tag)];
            if (partition >= 0 && tags[partition] == null) {
                tags[partition] = tag;
                found++;
            }
        }
    }

    /** The slot partition {@code i} of {@code n} aims at: the middle of its equal share. */
    static int target(int i, int n) {
        return (int) (((2L * i + 1) * SLOTS) / (2L * n));
    }

    public int partitions() {
        return tags.length;
    }

    /** The hash tag (without braces) of partition {@code i}. */
    public String tag(int partition) {
        return tags[partition];
    }

    /** The partition a name belongs to: stable across nodes and restarts. */
    public int partition(String name) {
        return Math.floorMod(crc16(name.getBytes(StandardCharsets.UTF_8)), tags.length);
    }

    /** The hash tag of the partition {@code name} belongs to. */
    public String tagOf(String name) {
        return tags[partition(name)];
    }

    /** The cluster slot of a key, honouring a {@code {tag}} as Redis does. */
    public static int slot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                byte[] tag = key.substring(open + 1, close).getBytes(StandardCharsets.UTF_8);
                return crc16(tag) & (SLOTS - 1);
            }
        }
        return crc16(bytes) & (SLOTS - 1);
    }

    /** CRC16/XMODEM (polynomial 0x1021, initial 0), the checksum Redis Cluster hashes keys with. */
    static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc ^= (b & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xffff;
    }
}
