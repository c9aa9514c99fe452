package dev.hibiki.rooms.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * How many members the other nodes have in each room, as they announced it. Each node sends
 * absolute counts (never deltas), so a repeated or replayed announcement changes nothing, and a
 * node's whole set can be replaced by its next snapshot. Empty in local mode.
 */
final class RoomCounts {

    /** room → node → members there. Only positive counts are kept. */
    private final Map<String, Map<String, Integer>> byRoom = new HashMap<>();

    /** Records that {@code node} now has {@code members} in {@code room}. */
    synchronized void set(String node, String room, int members) {
        if (members > 0) {
            byRoom.computeIfAbsent(room, r -> new HashMap<>()).put(node, members);
            return;
        }
        Map<String, Integer> nodes = byRoom.get(room);
        if (nodes != null) {
            nodes.remove(node);
            if (nodes.isEmpty()) {
                byRoom.remove(room);
            }
        }
    }

    /** Replaces everything known about {@code node} by its snapshot (rooms it left out: none). */
    synchronized void replace(String node, Map<String, Integer> snapshot) {
        forgetNode(node);
        snapshot.forEach((room, members) -> set(node, room, members));
    }

    /** A node is gone: none of its members count any more. */
    synchronized void forgetNode(String node) {
        byRoom.values().removeIf(nodes -> nodes.remove(node) != null && nodes.isEmpty());
    }

    /** A room was closed everywhere. */
    synchronized void forgetRoom(String room) {
        byRoom.remove(room);
    }

    /** Members of {@code room} on the other nodes. */
    synchronized int members(String room) {
        Map<String, Integer> nodes = byRoom.get(room);
        if (nodes == null) {
            return 0;
        }
        int sum = 0;
        for (int members : nodes.values()) {
            sum += members;
        }
        return sum;
    }

    /** Every room with members on another node, with how many. */
    synchronized Map<String, Integer> rooms() {
        Map<String, Integer> rooms = new HashMap<>();
        for (String room : byRoom.keySet()) {
            rooms.put(room, members(room));
        }
        return rooms;
    }
}
