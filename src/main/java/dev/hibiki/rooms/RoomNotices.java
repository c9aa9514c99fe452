package dev.hibiki.rooms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.FanOut;
import dev.hibiki.hub.Outbound;
import dev.hibiki.hub.Who;
import dev.hibiki.presence.Changes;
import dev.hibiki.presence.PresenceConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * A room's `room_presence`, coalesced like the hub's presence: the first join or leave after a
 * quiet window goes to the members at once, the ones that follow within the window go out together
 * at its end as one `room_presence_batch`. A storm of n joins into one room so costs each member
 * at most one frame per window instead of n. Callers hold the room's lock; so does the window's end.
 */
@ApplicationScoped
public class RoomNotices {

    private final FanOut fanOut;
    private final PresenceConfig config;
    private final Vertx vertx;
    /** Members of a room across the cluster, for the frames' {@code members}. */
    private final ToIntFunction<Room> members;
    /** Rooms with an open window and the changes waiting for its end. */
    private final Map<Room, Changes> pending = new ConcurrentHashMap<>();

    @Inject
    RoomNotices(FanOut fanOut, PresenceConfig config, Vertx vertx, Instance<RoomsBackend> backends) {
        // Looked up on use: the Redis backend reaches the members through RoomTable, which uses this.
        this(fanOut, config, vertx, room -> room.size() + backends.get().remoteMembers(room.name()));
    }

    RoomNotices(FanOut fanOut, PresenceConfig config, Vertx vertx, ToIntFunction<Room> members) {
        this.fanOut = fanOut;
        this.config = config;
        this.vertx = vertx;
        this.members = members;
    }

    /** {@code who} joined (or, with {@code joined} false, left); {@code client} is a local joiner, not told about itself. */
    void changed(Room room, boolean joined, Who who, Client client) {
        Changes changes = pending.get(room);
        if (changes != null) {
            if (joined) {
                changes.joined(who, client);
            } else {
                changes.left(who);
            }
            return;
        }
        pending.put(room, new Changes());
        vertx.setTimer(config.windowMillis(room.size()), timer -> endWindow(room));
        send(room, new RoomFrames.RoomPresence(room.name(), joined ? "join" : "leave", who, members.applyAsInt(room)),
                client);
    }

    private void endWindow(Room room) {
        synchronized (room) {
            Changes changes = pending.get(room);
            if (changes.isEmpty() || room.dead() || room.size() == 0) {
                pending.remove(room);
                return;
            }
            pending.put(room, new Changes());
            vertx.setTimer(config.windowMillis(room.size()), timer -> endWindow(room));
            Changes.Change single = changes.single();
            if (single != null) {
                send(room, new RoomFrames.RoomPresence(room.name(), single.joined() ? "join" : "leave", single.who(),
                        members.applyAsInt(room)), single.client());
            } else {
                int max = config.maxNames();
                send(room, new RoomFrames.RoomPresenceBatch(room.name(), changes.joined(max), changes.left(max),
                        changes.omitted(max), members.applyAsInt(room)), null);
            }
        }
    }

    private void send(Room room, Outbound frame, Client except) {
        if (room.size() > 0) {
            fanOut.recipients(room.members(), frame, except);
        }
    }
}
