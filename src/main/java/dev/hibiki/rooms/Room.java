package dev.hibiki.rooms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Who;

/**
 * One room: its members on this node and its message sequence. All access holds the room's lock,
 * so a publish assigns its {@code seq} and queues its deliveries atomically and members see
 * messages in {@code seq} order.
 */
final class Room {

    final String name;
    private final Map<String, Client> members = new LinkedHashMap<>();
    private final ArrayDeque<RoomFrames.Message> history = new ArrayDeque<>();
    private final ArrayDeque<Long> historyTimes = new ArrayDeque<>();
    private long seq;
    /** Set once the room has been removed from the registry; a joiner that raced it retries. */
    private boolean dead;

    Room(String name) {
        this.name = name;
    }

    boolean dead() {
        return dead;
    }

    void kill() {
        dead = true;
    }

    boolean add(Client client) {
        return members.putIfAbsent(client.id(), client) == null;
    }

    boolean remove(Client client) {
        return members.remove(client.id(), client);
    }

    boolean contains(Client client) {
        return members.get(client.id()) == client;
    }

    int size() {
        return members.size();
    }

    Iterable<Client> members() {
        return members.values();
    }

    List<Who> who() {
        List<Who> list = new ArrayList<>(members.size());
        for (Client client : members.values()) {
            list.add(client.who());
        }
        return list;
    }

    long nextSeq() {
        return ++seq;
    }

    /** Keeps a published message for recovery, within {@code size} entries. */
    void remember(RoomFrames.Message message, long nowMillis, int size) {
        if (size <= 0) {
            return;
        }
        history.addLast(message);
        historyTimes.addLast(nowMillis);
        while (history.size() > size) {
            history.removeFirst();
            historyTimes.removeFirst();
        }
    }

    /** Drops messages older than {@code cutoffMillis}. */
    void forgetBefore(long cutoffMillis) {
        while (!historyTimes.isEmpty() && historyTimes.peekFirst() < cutoffMillis) {
            history.removeFirst();
            historyTimes.removeFirst();
        }
    }

    boolean hasHistory() {
        return !history.isEmpty();
    }

    /**
     * The messages after {@code since}, or null when some of them are no longer kept (or
     * {@code since} is ahead of this room, which means the room was forgotten and started over).
     */
    List<RoomFrames.Message> since(long since) {
        if (since > seq) {
            return null;
        }
        if (since == seq) {
            return List.of();
        }
        long oldestKept = history.isEmpty() ? seq + 1 : history.peekFirst().seq();
        if (oldestKept > since + 1) {
            return null;
        }
        List<RoomFrames.Message> missed = new ArrayList<>();
        for (RoomFrames.Message message : history) {
            if (message.seq() > since) {
                missed.add(message);
            }
        }
        return missed;
    }

    long seq() {
        return seq;
    }

    /** Persistence hook: the seq and kept messages (with their publication times) read at startup. */
    void restore(long seq, List<RoomFrames.Message> messages, List<Long> times, int size) {
        this.seq = seq;
        for (int i = 0; i < messages.size(); i++) {
            remember(messages.get(i), times.get(i), size);
        }
    }
}
