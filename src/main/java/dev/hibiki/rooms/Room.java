package dev.hibiki.rooms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Who;

/**
 * One room: its members on this node and its message sequence. All access holds the room's lock,
 * so a publish assigns its {@code seq} and queues its deliveries atomically and members see
 * messages in {@code seq} order.
 *
 * <p>In cluster mode the seq is assigned by Redis and this node only follows it
 * ({@link #advanceTo}); members that joined with {@code since} are held while their missed
 * messages are read from Redis, and the live messages that arrive meanwhile wait for them here.
 * Once released, a member still skips live messages the replay already had: the answer from
 * Redis and the channel's copies come over different connections, in either order.
 */
public final class Room {

    /** A live message that arrived for a held member: its seq and its encoded frame. */
    public record Held(long seq, String frame) {
    }

    /** A member being sent what it missed: messages held until the replay, then the seq it reached. */
    private static final class Recovery {
        List<Held> held = new ArrayList<>();
        long replayedUpTo;
    }

    private final String name;
    private final Map<String, Client> members = new LinkedHashMap<>();
    private final ArrayDeque<RoomFrames.Message> history = new ArrayDeque<>();
    private final ArrayDeque<Long> historyTimes = new ArrayDeque<>();
    private final Map<Client, Recovery> recovering = new IdentityHashMap<>();
    private long seq;
    /** Set once the room has been removed from the registry; a joiner that raced it retries. */
    private boolean dead;

    Room(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean dead() {
        return dead;
    }

    void kill() {
        dead = true;
    }

    boolean add(Client client) {
        return members.putIfAbsent(client.id(), client) == null;
    }

    boolean remove(Client client) {
        recovering.remove(client);
        return members.remove(client.id(), client);
    }

    /** Holds a member's live messages until {@link #release} (it is being sent what it missed). */
    public void hold(Client client) {
        recovering.put(client, new Recovery());
    }

    /** The held messages of a member, or null when it is not held. */
    public List<Held> heldFor(Client client) {
        Recovery recovery = recovering.get(client);
        return recovery == null ? null : recovery.held;
    }

    /**
     * Stops holding a member whose replay went up to {@code replayedUpTo}; returns what was held
     * for it. Live messages up to that seq are skipped for it from now on ({@link #replayed}).
     */
    public List<Held> release(Client client, long replayedUpTo) {
        Recovery recovery = recovering.get(client);
        if (recovery == null || recovery.held == null) {
            return List.of();
        }
        List<Held> messages = recovery.held;
        recovery.held = null;
        recovery.replayedUpTo = replayedUpTo;
        return messages;
    }

    /**
     * Whether a live message is one a released member's replay already covered. The first newer
     * one ends the check: the channel carries a room's messages in seq order.
     */
    public boolean replayed(Client client, long seq) {
        Recovery recovery = recovering.get(client);
        if (recovery == null || recovery.held != null) {
            return false;
        }
        if (seq <= recovery.replayedUpTo) {
            return true;
        }
        recovering.remove(client);
        return false;
    }

    /** Refuses a publish from a connection that is not a member; takes the room's lock. */
    public static void requireMember(Room room, Client member, String name) {
        if (room == null) {
            throw new HubException(ErrorCode.FORBIDDEN, "join room " + name + " before publishing to it");
        }
        synchronized (room) {
            if (room.dead() || !room.contains(member)) {
                throw new HubException(ErrorCode.FORBIDDEN, "join room " + name + " before publishing to it");
            }
        }
    }

    public boolean contains(Client client) {
        return members.get(client.id()) == client;
    }

    public int size() {
        return members.size();
    }

    public Iterable<Client> members() {
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

    /**
     * Follows a seq assigned elsewhere (cluster mode). The local history is dropped: it only ever
     * holds an unbroken run of messages up to {@link #seq()}, and this node keeps none of the
     * shared messages (Redis does).
     */
    public void advanceTo(long assigned) {
        if (assigned > seq) {
            seq = assigned;
        }
        history.clear();
        historyTimes.clear();
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
    public List<RoomFrames.Message> since(long since) {
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

    public long seq() {
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
