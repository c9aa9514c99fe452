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
import dev.hibiki.rooms.RoomFrames.RoomInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The rooms of the hub. A room exists while it has members: the first join creates it, the last
 * leave (or a close) removes it.
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

    Rooms(FanOut fanOut, HubConfig config) {
        this.fanOut = fanOut;
        this.limits = config.limits();
    }

    public RoomFrames.Joined join(Client client, String name) {
        Names.requireRoom(name);
        if (client.rooms().contains(name)) {
            throw new HubException(ErrorCode.CONFLICT, "already in room " + name);
        }
        if (client.rooms().size() >= limits.maxRoomsPerConnection()) {
            throw new HubException(ErrorCode.FORBIDDEN,
                    "a connection may be in at most " + limits.maxRoomsPerConnection() + " rooms");
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
                room.add(client);
                client.rooms().add(name);
                int members = room.size();
                fanOut.recipients(room.members(), new RoomFrames.RoomPresence(name, "join", client.who(), members),
                        client);
                return new RoomFrames.Joined(name, members);
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
            if (members == 0) {
                room.kill();
                rooms.remove(room.name, room);
            } else {
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
            long seq = room.nextSeq();
            int delivered = fanOut.recipients(room.members(),
                    new RoomFrames.Message(name, from, text, payload, seq, Frames.now()), self ? null : member);
            return new Published(delivered, seq);
        }
    }

    /**
     * Closes a room: every member gets `room_closed` and is removed. A connection must be a member
     * to close it ({@code member} non-null); REST passes null. Returns how many members were removed.
     */
    public int close(Client member, String name) {
        Names.requireRoom(name);
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

    public List<RoomInfo> all() {
        List<RoomInfo> list = new ArrayList<>();
        for (Room room : rooms.values()) {
            list.add(new RoomInfo(room.name, size(room)));
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

    public int count() {
        return rooms.size();
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
