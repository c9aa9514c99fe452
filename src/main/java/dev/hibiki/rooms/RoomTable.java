package dev.hibiki.rooms;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.FanOut;
import dev.hibiki.hub.Outbound;
import dev.hibiki.hub.Who;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This node's rooms: their members here, their seq and the history this node keeps, and the one
 * way traffic reaches those members. {@link Rooms} and both {@link RoomsBackend}s use it; it knows
 * nothing of modes. Restored from the {@link RoomJournal} at start.
 */
@ApplicationScoped
public class RoomTable {

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final FanOut fanOut;
    private final RoomJournal journal;
    private final RoomNotices notices;
    /** Rooms kept only for their history: bounded, and not counted against max-rooms. */
    private final KeptRooms kept;

    RoomTable(FanOut fanOut, RoomJournal journal, RoomsConfig config, RoomNotices notices) {
        this.fanOut = fanOut;
        this.journal = journal;
        this.notices = notices;
        this.kept = new KeptRooms(config.history().maxEmptyRooms());
        for (RoomJournal.Restored restored : journal.restoredRooms()) {
            Room room = new Room(restored.room());
            room.restore(restored.seq(), restored.messages(), restored.publishedAt(), config.history().size());
            rooms.put(restored.room(), room);
            forget(kept.keep(restored.room()));
        }
    }

    /** This node's room, or null. */
    public Room get(String name) {
        return rooms.get(name);
    }

    /** This node's room, created when missing (check {@link Room#dead()} under its lock: it may have just gone). */
    Room open(String name) {
        return rooms.computeIfAbsent(name, Room::new);
    }

    boolean contains(String name) {
        return rooms.containsKey(name);
    }

    /** Rooms this node holds, with members or kept for their history. */
    int size() {
        return rooms.size();
    }

    /** Rooms with members here (or being joined): what {@code hibiki.rooms.max-rooms} counts. */
    int liveRooms() {
        return rooms.size() - kept.size();
    }

    /** Whether joining {@code name} would add a live room (a new one, or one kept only for its history). */
    boolean wouldAdd(String name) {
        return !rooms.containsKey(name) || kept.contains(name);
    }

    /** Someone joined the room: it is no longer kept only for its history. */
    void inhabited(String name) {
        kept.release(name);
    }

    /**
     * The room emptied and keeps its history; the caller holds its lock. Returns the kept rooms
     * over the bound, to {@link #forget(List)} once the lock is released.
     */
    List<String> keep(Room room) {
        return kept.keep(room.name());
    }

    /** Forgets kept rooms past the bound of {@link KeptRooms}, unless someone joined meanwhile. */
    void forget(List<String> names) {
        for (String name : names) {
            Room room = rooms.get(name);
            if (room != null) {
                synchronized (room) {
                    if (!room.dead() && room.size() == 0) {
                        forget(room);
                    }
                }
            }
        }
    }

    Collection<Room> all() {
        return rooms.values();
    }

    /** Forgets a room; the caller holds its lock. */
    void forget(Room room) {
        room.kill();
        rooms.remove(room.name(), room);
        kept.release(room.name());
    }

    /** Delivers a frame to the room's members here except {@code except}; the caller holds its lock. */
    public int deliver(Room room, Outbound frame, Client except) {
        return fanOut.recipients(room.members(), frame, except);
    }

    /** Delivers to the given members (a subset of the room's); the caller holds the room's lock. */
    public int deliver(Iterable<Client> members, Outbound frame) {
        return fanOut.recipients(members, frame, null);
    }

    /** A connection of this node joined; the members here are told (coalesced), not the joiner. The caller holds the lock. */
    void joined(Room room, Client client) {
        notices.changed(room, true, client.who(), client);
    }

    /** A member here left; the others are told (coalesced). The caller holds the lock. */
    void left(Room room, Who who) {
        notices.changed(room, false, who, null);
    }

    /** Someone joined or left on another node: tell the members here (coalesced), with the room's total count. */
    public void presence(String name, String event, Who who) {
        Room room = rooms.get(name);
        if (room != null) {
            synchronized (room) {
                if (!room.dead() && room.size() > 0) {
                    notices.changed(room, "join".equals(event), who, null);
                }
            }
        }
    }

    /** The close of a room reached this node: its members here get `room_closed` and are removed. */
    public int closeHere(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            return 0;
        }
        synchronized (room) {
            return room.dead() ? 0 : closeHere(room);
        }
    }

    /** As {@link #closeHere(String)}; the caller holds the room's lock. */
    int closeHere(Room room) {
        deliver(room, new RoomFrames.RoomClosed(room.name()), null);
        int removed = room.size();
        for (Client client : room.members()) {
            client.rooms().remove(room.name());
        }
        forget(room);
        journal.roomClosed(room.name()); // a closed room does not come back on restart
        return removed;
    }

    /** Rooms with members on this node, with how many. */
    public Map<String, Integer> localCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (Room room : rooms.values()) {
            int size = membersHere(room);
            if (size > 0) {
                counts.put(room.name(), size);
            }
        }
        return counts;
    }

    /** The last seq this node knows of each of its rooms. */
    public Map<String, Long> localSeqs() {
        Map<String, Long> seqs = new HashMap<>();
        for (Room room : rooms.values()) {
            synchronized (room) {
                if (!room.dead() && room.seq() > 0) {
                    seqs.put(room.name(), room.seq());
                }
            }
        }
        return seqs;
    }

    /** Forgets empty rooms whose history has aged out, and ages out old history everywhere. */
    void forgetIdle(long cutoffMillis) {
        for (Room room : rooms.values()) {
            synchronized (room) {
                room.forgetBefore(cutoffMillis);
                if (room.size() == 0 && !room.hasHistory() && !room.dead()) {
                    forget(room);
                }
            }
        }
    }

    public static int membersHere(Room room) {
        synchronized (room) {
            return room.size();
        }
    }
}
