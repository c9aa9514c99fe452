package dev.hibiki.rooms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.ClientClosed;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.FanOut;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.HubConfig;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Names;
import dev.hibiki.hub.Who;
import dev.hibiki.persist.Persistence;
import dev.hibiki.rooms.RoomFrames.RoomInfo;
import dev.hibiki.security.RoomRights;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The rooms of the hub. The first join creates a room. A room that empties is kept while it still
 * has recoverable history (so a member that reconnects with {@code since} finds its messages and
 * the {@code seq} continues), then forgotten; {@code close_room} removes it at once.
 */
@ApplicationScoped
public class Rooms {

    /** What a publish did: how many connections it reached and the sequence number it got. */
    public record Published(int delivered, long seq) {
    }

    /** A room's members as listed over REST. */
    public record Detail(String room, int members, List<Who> who, long seq) {
    }

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final FanOut fanOut;
    private final HubConfig.Limits limits;
    private final RoomsConfig config;
    private final RoomRights rights;
    private final Persistence persistence;

    Rooms(FanOut fanOut, HubConfig hubConfig, RoomsConfig config, Vertx vertx, RoomRights rights,
            Persistence persistence) {
        this.fanOut = fanOut;
        this.limits = hubConfig.limits();
        this.config = config;
        this.rights = rights;
        // Persistence hook: rooms (seq and history) kept across a restart (docs/PERSISTENCE.md).
        this.persistence = persistence;
        for (Persistence.RestoredRoom restored : persistence.restoredRooms()) {
            Room room = new Room(restored.room());
            room.restore(restored.seq(), restored.messages(), restored.publishedAt(), config.history().size());
            rooms.put(restored.room(), room);
        }
        long sweep = Math.max(1000, Math.min(30_000, config.history().maxAge().toMillis() / 2));
        vertx.setPeriodic(sweep, timer -> forgetIdleRooms());
    }

    public RoomFrames.Joined join(Client client, String name) {
        return join(client, name, null);
    }

    /**
     * Joins a room. With {@code since} (the last seq the client saw) the missed messages are sent
     * first, in order, and the answer says whether they were all still kept.
     */
    public RoomFrames.Joined join(Client client, String name, Long since) {
        Names.requireRoom(name);
        if (!client.admission().mayJoin(name)) {
            throw new HubException(ErrorCode.FORBIDDEN, "not allowed to join room " + name);
        }
        if (client.rooms().contains(name)) {
            throw new HubException(ErrorCode.CONFLICT, "already in room " + name);
        }
        if (client.rooms().size() >= limits.maxRoomsPerConnection()) {
            throw new HubException(ErrorCode.FORBIDDEN,
                    "a connection may be in at most " + limits.maxRoomsPerConnection() + " rooms");
        }
        if (!rooms.containsKey(name) && rooms.size() >= config.maxRooms()) {
            throw new HubException(ErrorCode.FORBIDDEN, "too many rooms on this server (" + config.maxRooms() + ")");
        }
        while (true) {
            Room room = rooms.computeIfAbsent(name, Room::new);
            synchronized (room) {
                if (room.dead()) {
                    continue;
                }
                if (room.size() >= limits.maxMembersPerRoom()) {
                    throw new HubException(ErrorCode.FORBIDDEN, "room " + name + " is full");
                }
                Boolean recovered = null;
                if (since != null) {
                    room.forgetBefore(System.currentTimeMillis() - config.history().maxAge().toMillis());
                    List<RoomFrames.Message> missed = room.since(since);
                    recovered = missed != null;
                    if (missed != null) {
                        for (RoomFrames.Message message : missed) {
                            client.send(message);
                        }
                    }
                }
                room.add(client);
                client.rooms().add(name);
                int members = room.size();
                fanOut.recipients(room.members(), new RoomFrames.RoomPresence(name, "join", client.who(), members),
                        client);
                return new RoomFrames.Joined(name, members, recovered);
            }
        }
    }

    public RoomFrames.Left leave(Client client, String name) {
        Names.requireRoom(name);
        Room room = rooms.get(name);
        if (room == null || !leave(room, client)) {
            throw new HubException(ErrorCode.NOT_FOUND, "not in room " + name);
        }
        return new RoomFrames.Left(name);
    }

    private boolean leave(Room room, Client client) {
        synchronized (room) {
            if (!room.remove(client)) {
                return false;
            }
            client.rooms().remove(room.name);
            int members = room.size();
            if (members == 0 && !room.hasHistory()) {
                room.kill();
                rooms.remove(room.name, room);
            } else if (members > 0) {
                fanOut.recipients(room.members(),
                        new RoomFrames.RoomPresence(room.name, "leave", client.who(), members), null);
            }
            return true;
        }
    }

    /**
     * Publishes to every member. A connection must be a member to publish ({@code member} non-null);
     * REST publishers pass null. With {@code self} false the sending member is skipped.
     */
    public Published publish(Who from, Client member, String name, String text, JsonNode data, boolean self) {
        Names.requireRoom(name);
        JsonNode payload = data == null || data.isNull() ? null : data;
        if (text == null && payload == null) {
            throw HubException.badMessage("publish needs text or data");
        }
        Room room = rooms.get(name);
        if (room == null) {
            throw member == null ? new HubException(ErrorCode.NOT_FOUND, "no room " + name)
                    : new HubException(ErrorCode.FORBIDDEN, "join room " + name + " before publishing to it");
        }
        synchronized (room) {
            if (member != null && !room.contains(member)) {
                throw new HubException(ErrorCode.FORBIDDEN, "join room " + name + " before publishing to it");
            }
            if (room.dead()) {
                throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
            }
            long seq = room.seq() + 1;
            RoomFrames.Message message = new RoomFrames.Message(name, from, text, payload, seq, Frames.now());
            long now = System.currentTimeMillis();
            // Persistence hook: journaled before the seq is taken and anyone sees it, so a message
            // that was delivered or acknowledged survives a crash; a failed write fails the publish.
            persistence.published(message, now);
            room.nextSeq();
            room.remember(message, now, config.history().size());
            int delivered = fanOut.recipients(room.members(), message, self ? null : member);
            return new Published(delivered, seq);
        }
    }

    /**
     * Closes a room: every member gets `room_closed` and is removed. A connection must be a member
     * to close it ({@code member} non-null); REST passes null. Returns how many members were removed.
     */
    public int close(Client member, String name) {
        Names.requireRoom(name);
        // Security (issue 5): with authentication on, closing needs the admin role (no-op when off).
        rights.requireCloser(member);
        Room room = rooms.get(name);
        if (room == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
        }
        synchronized (room) {
            if (room.dead()) {
                throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
            }
            if (member != null && !room.contains(member)) {
                throw new HubException(ErrorCode.FORBIDDEN, "only members may close room " + name);
            }
            fanOut.recipients(room.members(), new RoomFrames.RoomClosed(name), null);
            int removed = room.size();
            for (Client client : room.members()) {
                client.rooms().remove(name);
            }
            room.kill();
            rooms.remove(name, room);
            persistence.roomClosed(name); // Persistence hook: a closed room does not come back on restart
            return removed;
        }
    }

    /** The rooms a connection is in, with their member counts. */
    public List<RoomInfo> roomsOf(Client client) {
        List<RoomInfo> list = new ArrayList<>();
        for (String name : client.rooms()) {
            Room room = rooms.get(name);
            if (room != null) {
                list.add(new RoomInfo(name, size(room)));
            }
        }
        list.sort(Comparator.comparing(RoomInfo::room));
        return list;
    }

    /** Rooms that have members (rooms kept only for their history are not listed). */
    public List<RoomInfo> all() {
        List<RoomInfo> list = new ArrayList<>();
        for (Room room : rooms.values()) {
            int size = size(room);
            if (size > 0) {
                list.add(new RoomInfo(room.name, size));
            }
        }
        list.sort(Comparator.comparing(RoomInfo::room));
        return list;
    }

    public Optional<Detail> detail(String name) {
        Names.requireRoom(name);
        Room room = rooms.get(name);
        if (room == null) {
            return Optional.empty();
        }
        synchronized (room) {
            return room.dead() ? Optional.empty() : Optional.of(new Detail(name, room.size(), room.who(), room.seq()));
        }
    }

    /** Rooms that have members. */
    public int count() {
        int count = 0;
        for (Room room : rooms.values()) {
            if (size(room) > 0) {
                count++;
            }
        }
        return count;
    }

    /** Forgets empty rooms whose history has aged out, and ages out old history everywhere. */
    void forgetIdleRooms() {
        long cutoff = System.currentTimeMillis() - config.history().maxAge().toMillis();
        for (Room room : rooms.values()) {
            synchronized (room) {
                room.forgetBefore(cutoff);
                if (room.size() == 0 && !room.hasHistory() && !room.dead()) {
                    room.kill();
                    rooms.remove(room.name, room);
                }
            }
        }
    }

    void onClientClosed(@Observes ClientClosed event) {
        Client client = event.client();
        for (String name : List.copyOf(client.rooms())) {
            Room room = rooms.get(name);
            if (room != null) {
                leave(room, client);
            }
        }
    }

    private static int size(Room room) {
        synchronized (room) {
            return room.size();
        }
    }
}
