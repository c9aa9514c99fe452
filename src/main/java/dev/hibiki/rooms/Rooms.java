package dev.hibiki.rooms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The rooms of the hub. The first join creates a room. A room that empties is kept while it still
 * has recoverable history (so a member that reconnects with {@code since} finds its messages and
 * the {@code seq} continues), then forgotten; {@code close_room} removes it at once.
 *
 * <p>This class holds the rooms' members on this node. In cluster mode {@link RoomsCluster} adds
 * the other nodes: their member counts, and (while Redis is reachable) seqs, history and delivery
 * through Redis. Operations that may need Redis return a {@link CompletionStage}, already complete
 * in local mode; {@link #publish} and {@link #close} wait for it (REST, off the event loop).
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
    private final RoomsCluster cluster;
    /** Rooms kept only for their history: bounded, and not counted against max-rooms. */
    private final KeptRooms kept;
    /** How long REST waits for Redis (the cluster's command timeout covers the usual case). */
    private final Duration wait = Duration.ofSeconds(10);

    Rooms(FanOut fanOut, HubConfig hubConfig, RoomsConfig config, Vertx vertx, RoomRights rights,
            Persistence persistence, RoomsCluster cluster) {
        this.fanOut = fanOut;
        this.limits = hubConfig.limits();
        this.config = config;
        this.rights = rights;
        this.cluster = cluster;
        // Persistence hook: rooms (seq and history) kept across a restart (docs/PERSISTENCE.md).
        this.persistence = persistence;
        this.kept = new KeptRooms(config.history().maxEmptyRooms());
        for (Persistence.RestoredRoom restored : persistence.restoredRooms()) {
            Room room = new Room(restored.room());
            room.restore(restored.seq(), restored.messages(), restored.publishedAt(), config.history().size());
            rooms.put(restored.room(), room);
            forget(kept.keep(restored.room()));
        }
        vertx.setPeriodic(sweepMillis(config), timer -> forgetIdleRooms());
    }

    /** How often history is aged out (and, in cluster mode, seqs of inhabited rooms refreshed). */
    static long sweepMillis(RoomsConfig config) {
        return Math.max(1000, Math.min(30_000, config.history().maxAge().toMillis() / 2));
    }

    /**
     * Joins a room. With {@code since} (the last seq the client saw) the missed messages are sent
     * first, in order, and the answer says whether they were all still kept. In cluster mode they
     * come from Redis and the answer completes later.
     */
    public CompletionStage<RoomFrames.Joined> join(Client client, String name, Long since) {
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
        // Rooms kept only for their history do not count: they cannot lock out live users. Joining
        // one makes it a room with members again, so it counts like a new one.
        if ((!rooms.containsKey(name) || kept.contains(name)) && rooms.size() - kept.size() >= config.maxRooms()) {
            throw new HubException(ErrorCode.FORBIDDEN, "too many rooms on this server (" + config.maxRooms() + ")");
        }
        while (true) {
            Room room = rooms.computeIfAbsent(name, Room::new);
            synchronized (room) {
                if (room.dead()) {
                    continue;
                }
                if (members(room) >= limits.maxMembersPerRoom()) {
                    throw new HubException(ErrorCode.FORBIDDEN, "room " + name + " is full");
                }
                boolean fromRedis = since != null && cluster.shared();
                Boolean recovered = null;
                if (since != null && !fromRedis) {
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
                kept.release(name);
                client.rooms().add(name);
                if (fromRedis) {
                    room.hold(client); // live messages wait until the missed ones are sent
                }
                int members = members(room);
                fanOut.recipients(room.members(), new RoomFrames.RoomPresence(name, "join", client.who(), members),
                        client);
                cluster.membersChanged(name, "join", client.who(), room.size());
                if (fromRedis) {
                    return cluster.recover(room, client, since);
                }
                return CompletableFuture.completedFuture(new RoomFrames.Joined(name, members, recovered));
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
        List<String> over = List.of();
        synchronized (room) {
            if (!room.remove(client)) {
                return false;
            }
            client.rooms().remove(room.name);
            int local = room.size();
            cluster.membersChanged(room.name, "leave", client.who(), local);
            if (local == 0 && !room.hasHistory()) {
                room.kill();
                rooms.remove(room.name, room);
            } else if (local == 0) {
                over = kept.keep(room.name);
            } else {
                fanOut.recipients(room.members(),
                        new RoomFrames.RoomPresence(room.name, "leave", client.who(), members(room)), null);
            }
        }
        forget(over); // outside this room's lock: each is taken alone
        return true;
    }

    /** Forgets kept rooms past the bound of {@link KeptRooms}, unless someone joined meanwhile. */
    private void forget(List<String> names) {
        for (String name : names) {
            Room room = rooms.get(name);
            if (room != null) {
                synchronized (room) {
                    if (!room.dead() && room.size() == 0) {
                        room.kill();
                        rooms.remove(name, room);
                    }
                }
            }
        }
    }

    /** {@link #publishing} for callers that may wait (REST): returns once the seq is known. */
    public Published publish(Who from, Client member, String name, String text, JsonNode data, boolean self) {
        return await(publishing(from, member, name, text, data, self));
    }

    /**
     * Publishes to every member. A connection must be a member to publish ({@code member} non-null);
     * REST publishers pass null. With {@code self} false the sending member is skipped. In cluster
     * mode the seq comes from Redis and the message reaches members on every node; while Redis is
     * down it is published on this node alone.
     */
    public CompletionStage<Published> publishing(Who from, Client member, String name, String text, JsonNode data,
            boolean self) {
        Names.requireRoom(name);
        JsonNode payload = data == null || data.isNull() ? null : data;
        if (text == null && payload == null) {
            throw HubException.badMessage("publish needs text or data");
        }
        Room room = rooms.get(name);
        if (cluster.shared()) {
            if (member != null) {
                requireMember(room, member, name);
            }
            Client except = self ? null : member;
            int audience = members(name) - (except == null ? 0 : 1);
            return cluster.publish(room, new RoomFrames.Message(name, from, text, payload, 0, Frames.now()), except,
                    audience);
        }
        return CompletableFuture.completedFuture(publishHere(from, member, name, text, payload, self));
    }

    /** Publishes on this node alone: local mode, or cluster mode while Redis is down. */
    private Published publishHere(Who from, Client member, String name, String text, JsonNode payload, boolean self) {
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

    private static void requireMember(Room room, Client member, String name) {
        if (room == null) {
            throw new HubException(ErrorCode.FORBIDDEN, "join room " + name + " before publishing to it");
        }
        synchronized (room) {
            if (room.dead() || !room.contains(member)) {
                throw new HubException(ErrorCode.FORBIDDEN, "join room " + name + " before publishing to it");
            }
        }
    }

    /** {@link #closing} for callers that may wait (REST). */
    public int close(Client member, String name) {
        return await(closing(member, name));
    }

    /**
     * Closes a room: every member gets `room_closed` and is removed. A connection must be a member
     * to close it ({@code member} non-null); REST passes null. Completes with how many members were
     * removed (in cluster mode: counted on every node; they are removed as the close reaches them).
     */
    public CompletionStage<Integer> closing(Client member, String name) {
        Names.requireRoom(name);
        // Security (issue 5): with authentication on, closing needs the admin role (no-op when off).
        rights.requireCloser(member);
        Room room = rooms.get(name);
        if (cluster.enabled()) {
            if (member != null) {
                if (room == null) {
                    throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
                }
                synchronized (room) {
                    if (!room.contains(member)) {
                        throw new HubException(ErrorCode.FORBIDDEN, "only members may close room " + name);
                    }
                }
            }
            return cluster.close(name, members(name));
        }
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
            return CompletableFuture.completedFuture(closeHere(room));
        }
    }

    /** The close of a room reached this node (cluster mode): remove its members here. */
    void closeHere(String name) {
        Room room = rooms.get(name);
        if (room != null) {
            synchronized (room) {
                if (!room.dead()) {
                    closeHere(room);
                }
            }
        }
    }

    private int closeHere(Room room) {
        fanOut.recipients(room.members(), new RoomFrames.RoomClosed(room.name), null);
        int removed = room.size();
        for (Client client : room.members()) {
            client.rooms().remove(room.name);
        }
        room.kill();
        rooms.remove(room.name, room);
        kept.release(room.name);
        persistence.roomClosed(room.name); // Persistence hook: a closed room does not come back on restart
        return removed;
    }

    /** A member joined or left on another node: tell the members here, with the cluster-wide count. */
    void presence(String name, String event, Who who) {
        Room room = rooms.get(name);
        if (room != null) {
            synchronized (room) {
                if (!room.dead() && room.size() > 0) {
                    fanOut.recipients(room.members(), new RoomFrames.RoomPresence(name, event, who, members(room)), null);
                }
            }
        }
    }

    /** This node's room, or null. */
    Room local(String name) {
        return rooms.get(name);
    }

    /** Rooms with members on this node, with how many. */
    Map<String, Integer> localCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (Room room : rooms.values()) {
            int size = size(room);
            if (size > 0) {
                counts.put(room.name, size);
            }
        }
        return counts;
    }

    /** The last seq this node knows of each of its rooms. */
    Map<String, Long> localSeqs() {
        Map<String, Long> seqs = new HashMap<>();
        for (Room room : rooms.values()) {
            synchronized (room) {
                if (!room.dead() && room.seq() > 0) {
                    seqs.put(room.name, room.seq());
                }
            }
        }
        return seqs;
    }

    /** The rooms a connection is in, with their member counts (cluster-wide). */
    public List<RoomInfo> roomsOf(Client client) {
        List<RoomInfo> list = new ArrayList<>();
        for (String name : client.rooms()) {
            Room room = rooms.get(name);
            if (room != null) {
                list.add(new RoomInfo(name, size(room) + cluster.remoteMembers(name)));
            }
        }
        list.sort(Comparator.comparing(RoomInfo::room));
        return list;
    }

    /** Rooms that have members on any node (rooms kept only for their history are not listed). */
    public List<RoomInfo> all() {
        Map<String, Integer> members = new HashMap<>(cluster.remoteRooms());
        localCounts().forEach((room, local) -> members.merge(room, local, Integer::sum));
        List<RoomInfo> list = new ArrayList<>();
        members.forEach((room, count) -> list.add(new RoomInfo(room, count)));
        list.sort(Comparator.comparing(RoomInfo::room));
        return list;
    }

    /**
     * A room's members: the count is cluster-wide, {@code who} lists this node's members (other
     * nodes announce counts, not names), {@code seq} is the last one given out.
     */
    public Optional<Detail> detail(String name) {
        Names.requireRoom(name);
        Room room = rooms.get(name);
        int remote = cluster.remoteMembers(name);
        Detail detail = null;
        if (room != null) {
            synchronized (room) {
                if (!room.dead()) {
                    detail = new Detail(name, room.size() + remote, room.who(), room.seq());
                }
            }
        }
        if (detail == null && remote > 0) {
            detail = new Detail(name, remote, List.of(), 0);
        }
        // A node with members follows the seq from every message; one without asks Redis.
        if (detail != null && room == null && cluster.shared() && !Context.isOnEventLoopThread()) {
            try {
                long seq = await(cluster.seq(name));
                detail = new Detail(name, detail.members(), detail.who(), Math.max(seq, detail.seq()));
            } catch (RuntimeException e) {
                // Redis went away meanwhile: the seq this node last saw will do.
            }
        }
        return Optional.ofNullable(detail);
    }

    /** Rooms that have members on any node. */
    public int count() {
        if (cluster.enabled()) {
            return all().size();
        }
        int count = 0;
        for (Room room : rooms.values()) {
            if (size(room) > 0) {
                count++;
            }
        }
        return count;
    }

    /** Members of a room on every node; the caller holds the room's lock. */
    int members(Room room) {
        return room.size() + cluster.remoteMembers(room.name);
    }

    private int members(String name) {
        Room room = rooms.get(name);
        return (room == null ? 0 : size(room)) + cluster.remoteMembers(name);
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
                    kept.release(room.name);
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

    /**
     * Waits for a stage that may depend on Redis. Never on an event loop (only REST calls this, on a
     * worker thread); in local mode the stage is already complete and nothing waits.
     */
    private <T> T await(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        if (!future.isDone() && Context.isOnEventLoopThread()) {
            throw new IllegalStateException("would block an event loop waiting for Redis");
        }
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw unwrap(e.getCause());
        } catch (TimeoutException e) {
            throw new HubException(ErrorCode.INTERNAL, "Redis did not answer within " + wait.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(ErrorCode.INTERNAL, "interrupted while waiting for Redis");
        }
    }

    /** The exception a failed stage carries, as thrown by the code that failed it. */
    private static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException runtime ? runtime
                : new HubException(ErrorCode.INTERNAL, String.valueOf(cause.getMessage()));
    }
}
