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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.ClientClosed;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.HubConfig;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Names;
import dev.hibiki.hub.Who;
import dev.hibiki.rooms.RoomFrames.RoomInfo;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The rooms of the hub, as commands and REST see them: names, rights and limits are checked here,
 * then the {@link RoomsBackend} (this node alone, or Redis) numbers, keeps and delivers. The first
 * join creates a room. A room that empties is kept while it still has recoverable history (so a
 * member that reconnects with {@code since} finds its messages and the {@code seq} continues),
 * then forgotten; {@code close_room} removes it at once.
 *
 * <p>Operations that may need Redis return a {@link CompletionStage}, already complete on a single
 * node; {@link #publish} and {@link #close} wait for it (REST, off the event loop).
 */
@ApplicationScoped
public class Rooms implements RoomCensus {

    /** What a publish did: how many connections it reached and the sequence number it got. */
    public record Published(int delivered, long seq) {
    }

    /** A room's members as listed over REST. */
    public record Detail(String room, int members, List<Who> who, long seq) {
    }

    private final RoomTable table;
    private final RoomsBackend backend;
    private final HubConfig.Limits limits;
    private final RoomsConfig config;
    /** How long REST waits for Redis (the cluster's command timeout covers the usual case). */
    private final Duration wait = Duration.ofSeconds(10);

    @Inject
    Rooms(RoomTable table, Instance<RoomsBackend> backends, HubConfig hubConfig, RoomsConfig config) {
        this(table, backends.get(), hubConfig.limits(), config);
    }

    Rooms(RoomTable table, RoomsBackend backend, HubConfig.Limits limits, RoomsConfig config) {
        this.table = table;
        this.backend = backend;
        this.limits = limits;
        this.config = config;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(sweepMillis(config), timer -> forgetIdleRooms());
    }

    /** How often history is aged out (and, in cluster mode, seqs of inhabited rooms refreshed). */
    public static long sweepMillis(RoomsConfig config) {
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
        if (table.wouldAdd(name) && table.liveRooms() >= config.maxRooms()) {
            throw new HubException(ErrorCode.FORBIDDEN, "too many rooms on this server (" + config.maxRooms() + ")");
        }
        while (true) {
            Room room = table.open(name);
            synchronized (room) {
                if (room.dead()) {
                    continue;
                }
                if (members(room) >= limits.maxMembersPerRoom()) {
                    throw new HubException(ErrorCode.FORBIDDEN, "room " + name + " is full");
                }
                CompletionStage<Boolean> recovered = since == null ? backend.follow(room, client)
                        : backend.recover(room, client, since);
                room.add(client);
                table.inhabited(name);
                client.rooms().add(name);
                table.joined(room, client);
                backend.membersChanged(room, "join", client.who());
                // The answer counts the members when it is sent (a recovery from Redis completes later).
                return recovered.thenApply(all -> new RoomFrames.Joined(name, members(room), all));
            }
        }
    }

    public RoomFrames.Left leave(Client client, String name) {
        Names.requireRoom(name);
        Room room = table.get(name);
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
            client.rooms().remove(room.name());
            backend.membersChanged(room, "leave", client.who());
            if (room.size() == 0 && !room.hasHistory()) {
                table.forget(room);
            } else if (room.size() > 0) {
                table.left(room, client.who());
            } else {
                over = table.keep(room);
            }
        }
        table.forget(over); // outside this room's lock: each is taken alone
        return true;
    }

    /** {@link #publishing} for callers that may wait (REST): returns once the seq is known. */
    public Published publish(Who from, Client member, String name, String text, JsonNode data, boolean self) {
        return await(publishing(from, member, name, text, data, self));
    }

    /**
     * Publishes to every member. A connection must be a member to publish ({@code member} non-null);
     * REST publishers pass null. With {@code self} false the sending member is skipped.
     */
    public CompletionStage<Published> publishing(Who from, Client member, String name, String text, JsonNode data,
            boolean self) {
        Names.requireRoom(name);
        JsonNode payload = data == null || data.isNull() ? null : data;
        if (text == null && payload == null) {
            throw HubException.badMessage("publish needs text or data");
        }
        Room room = table.get(name);
        if (member != null) {
            Room.requireMember(room, member, name);
        }
        return backend.publish(room, new RoomFrames.Message(name, from, text, payload, 0, Frames.now()),
                self ? null : member);
    }

    /** {@link #closing} for callers that may wait (REST). */
    public int close(Client member, String name) {
        return await(closing(member, name));
    }

    /**
     * Closes a room: every member gets `room_closed` and is removed. A connection must be a member
     * to close it ({@code member} non-null), and hold the admin role when authentication is on;
     * REST passes null (its guard checked the caller). Completes with how many members were removed
     * (in cluster mode: counted on every node; they are removed as the close reaches them).
     */
    public CompletionStage<Integer> closing(Client member, String name) {
        Names.requireRoom(name);
        if (member != null && !member.admission().mayCloseRooms()) {
            throw new HubException(ErrorCode.FORBIDDEN,
                    "closing a room needs the role " + member.admission().closeRoomsRole());
        }
        Room room = table.get(name);
        if (member != null) {
            if (room == null) {
                throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
            }
            synchronized (room) {
                if (room.dead()) {
                    throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
                }
                if (!room.contains(member)) {
                    throw new HubException(ErrorCode.FORBIDDEN, "only members may close room " + name);
                }
            }
        }
        return backend.close(room, name);
    }

    /** The rooms a connection is in, with their member counts (cluster-wide). */
    public List<RoomInfo> roomsOf(Client client) {
        List<RoomInfo> list = new ArrayList<>();
        for (String name : client.rooms()) {
            Room room = table.get(name);
            if (room != null) {
                list.add(new RoomInfo(name, RoomTable.membersHere(room) + backend.remoteMembers(name)));
            }
        }
        list.sort(Comparator.comparing(RoomInfo::room));
        return list;
    }

    /** Rooms that have members on any node (rooms kept only for their history are not listed). */
    public List<RoomInfo> all() {
        Map<String, Integer> members = new HashMap<>(backend.remoteRooms());
        table.localCounts().forEach((room, local) -> members.merge(room, local, Integer::sum));
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
        Room room = table.get(name);
        int remote = backend.remoteMembers(name);
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
        // A node with members follows the seq from every message; one without asks the backend.
        if (detail != null && room == null && !Context.isOnEventLoopThread()) {
            try {
                long seq = await(backend.seq(name));
                detail = new Detail(name, detail.members(), detail.who(), Math.max(seq, detail.seq()));
            } catch (RuntimeException e) {
                // Redis went away meanwhile: the seq this node last saw will do.
            }
        }
        return Optional.ofNullable(detail);
    }

    @Override
    public int count() {
        // Status, health and metrics ask often: count without building and sorting the list.
        Map<String, Integer> remote = backend.remoteRooms();
        int count = remote.size();
        for (String room : table.localCounts().keySet()) {
            if (!remote.containsKey(room)) {
                count++;
            }
        }
        return count;
    }

    /** Members of a room on every node; the caller holds the room's lock. */
    private int members(Room room) {
        return room.size() + backend.remoteMembers(room.name());
    }

    /** Forgets empty rooms whose history has aged out, and ages out old history everywhere. */
    void forgetIdleRooms() {
        table.forgetIdle(System.currentTimeMillis() - config.history().maxAge().toMillis());
    }

    void onClientClosed(@Observes ClientClosed event) {
        Client client = event.client();
        for (String name : List.copyOf(client.rooms())) {
            Room room = table.get(name);
            if (room != null) {
                leave(room, client);
            }
        }
    }

    /**
     * Waits for a stage that may depend on Redis. Never on an event loop (only REST calls this, on a
     * worker thread); on a single node the stage is already complete and nothing waits.
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
