package dev.hibiki.rooms.cluster;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.hibiki.cluster.Cluster;
import dev.hibiki.cluster.ClusterMetrics;
import dev.hibiki.cluster.ClusterResync;
import dev.hibiki.cluster.HashSlots;
import dev.hibiki.cluster.ClusterUnavailable;
import dev.hibiki.cluster.Envelope;
import dev.hibiki.cluster.NodeLeft;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.Encoded;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.FanOut;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Json;
import dev.hibiki.hub.Who;
import dev.hibiki.rooms.LocalRooms;
import dev.hibiki.rooms.Room;
import dev.hibiki.rooms.RoomFrames;
import dev.hibiki.rooms.RoomTable;
import dev.hibiki.rooms.Rooms;
import dev.hibiki.rooms.RoomsBackend;
import dev.hibiki.rooms.RoomsConfig;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Rooms across nodes, the {@link RoomsBackend} of cluster mode (docs/CLUSTER.md "Rooms across nodes"). Redis numbers each
 * room's messages, keeps their history and publishes them in one script; every node, the
 * publishing one included, delivers a room's messages to its own members from the channel, so
 * all members everywhere see them in the same seq order. Nodes announce their local member count
 * per room on every join and leave and as a snapshot on resync, which makes counts cluster-wide.
 *
 * <p>While Redis is down, {@link #shared()} is false and the work falls back to {@link LocalRooms}:
 * this node numbers and delivers on its own, and raises Redis' seqs when it comes back.
 */
@ApplicationScoped
@LookupIfProperty(name = "hibiki.cluster.mode", stringValue = "redis")
public class RedisRooms implements RoomsBackend {

    static final String MESSAGE = "room.msg";
    static final String MEMBERS = "room.members";
    static final String COUNTS = "room.counts";
    static final String CLOSE = "room.close";
    /** On the hub channel after a close: other nodes forget the room's counts. */
    static final String FORGET = "room.forget";
    /** Stands for "nobody excluded" in a message envelope. */
    private static final String NOBODY = "-";
    /** Keys per script call when refreshing many rooms at once, to keep each call short. */
    private static final int KEYS_PER_CALL = 500;

    private static final Logger LOG = Logger.getLogger(RedisRooms.class);

    private final Cluster cluster;
    private final RoomTable rooms;
    private final LocalRooms local;
    private final Json json;
    private final RoomsConfig config;
    private final Vertx vertx;
    private final RoomCounts counts = new RoomCounts();
    private final ClusterMetrics metrics;
    /** Room channels this node subscribed to: room → confirmed (or failed while Redis was down). */
    private final Map<String, Following> following = new HashMap<>();
    /** Rooms whose missed messages are being read back: live ones wait here meanwhile. */
    private final Map<String, List<Envelope>> refilling = new HashMap<>();
    /** Whether this node has given Redis its seqs since it started (see {@link #raiseSeqs}). */
    private volatile boolean seqsRaised;

    /** One subscribed room channel, and the timer that will drop it once the room emptied here. */
    private static final class Following {
        CompletableFuture<Void> ready;
        long leaveTimer = -1;
    }

    RedisRooms(Cluster cluster, RoomTable rooms, LocalRooms local, Json json, RoomsConfig config, Vertx vertx,
            ClusterMetrics metrics) {
        this.metrics = metrics;
        this.cluster = cluster;
        this.rooms = rooms;
        this.local = local;
        this.json = json;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!cluster.enabled()) {
            return;
        }
        cluster.on(MESSAGE, this::onMessage);
        cluster.on(MEMBERS, this::onMembers);
        cluster.on(COUNTS, this::onCounts);
        cluster.on(CLOSE, this::onClose);
        cluster.on(FORGET, envelope -> counts.forgetRoom(room(envelope.arg(0))));
        vertx.setPeriodic(Rooms.sweepMillis(config), timer -> keepSeqsAlive());
    }

    /** Publishes, recoveries and closes go through Redis: cluster mode and Redis reachable. */
    boolean shared() {
        return cluster.enabled() && cluster.up();
    }

    @Override
    public int remoteMembers(String room) {
        return counts.members(room);
    }

    @Override
    public Map<String, Integer> remoteRooms() {
        return counts.rooms();
    }

    // ---- publish ----

    /**
     * Publishes through Redis; the seq comes back once the script ran. Delivery, here as
     * everywhere, happens when the message comes back on the channel. A failure is never followed
     * by a local publish: a script that timed out may still have run, and the message would arrive
     * twice. The sender is told instead ({@link #notConfirmed}).
     */
    @Override
    public CompletionStage<Rooms.Published> publish(Room room, RoomFrames.Message unnumbered, Client except) {
        if (!shared()) {
            return local.publish(room, unnumbered, except);
        }
        String name = unnumbered.room();
        int audience = (room == null ? 0 : RoomTable.membersHere(room)) + counts.members(name) - (except == null ? 0 : 1);
        MessageTemplate template = MessageTemplate.of(json, unnumbered);
        String header = Envelope.header(MESSAGE, cluster.self(), token(name), except == null ? NOBODY : except.id());
        long floor = 0;
        if (room != null) {
            synchronized (room) {
                floor = room.seq();
            }
        }
        boolean mustExist = room == null && counts.members(name) == 0;
        List<String> args = List.of(channel(name), header.substring(0, header.length() - 1),
                template.prefix(), template.suffix(), Long.toString(floor), mustExist ? "1" : "0",
                historySize(), Long.toString(seqTtlMillis()),
                Long.toString(logTtlMillis()), Long.toString(System.currentTimeMillis()),
                except == null ? NOBODY : except.id());
        return run(RoomScripts.PUBLISH, keys(name), args).handle((answer, failure) -> {
            if (failure != null) {
                throw notConfirmed("publish to room " + name, failure);
            }
            long seq = answer.toLong();
            if (seq < 0) {
                throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
            }
            return new Rooms.Published(audience, seq);
        });
    }

    private void onMessage(Envelope envelope) {
        String name = room(envelope.arg(0));
        Room room = rooms.get(name);
        if (room == null) {
            return; // no member here, and no history kept here: Redis has it
        }
        long seq = Long.parseLong(envelope.arg(2));
        synchronized (refilling) {
            List<Envelope> waiting = refilling.get(name);
            if (waiting != null) {
                waiting.add(envelope);
                return;
            }
            long last;
            synchronized (room) {
                last = room.seq();
            }
            if (last > 0 && seq > last + 1) {
                // A gap in a channel that keeps order: frames were lost on the way (a failover,
                // a dropped subscriber). Read them back before going on.
                List<Envelope> held = new ArrayList<>();
                held.add(envelope);
                refilling.put(name, held);
                refill(room, last);
                return;
            }
        }
        deliver(room, envelope.arg(1), seq, envelope.body());
    }

    /** Delivers one numbered message to this node's members (held ones keep it for later). */
    private void deliver(Room room, String except, long seq, String frame) {
        List<Client> live = new ArrayList<>();
        synchronized (room) {
            if (room.dead() || seq <= room.seq()) {
                return; // already delivered (read back by a refill)
            }
            room.advanceTo(seq);
            for (Client member : room.members()) {
                if (member.id().equals(except)) {
                    continue;
                }
                List<Room.Held> held = room.heldFor(member);
                if (held != null) {
                    held.add(new Room.Held(seq, frame));
                } else if (!room.replayed(member, seq)) {
                    live.add(member);
                }
            }
            // Under the lock, so a member being released from hold cannot slip a message in between.
            rooms.deliver(live, new Encoded("message", frame));
        }
    }

    /**
     * Reads a room's messages after {@code last} back from its history in Redis and delivers
     * them, then the live ones that arrived meanwhile. When some are no longer kept, the members
     * are told with a {@code joined} frame carrying {@code recovered: false} (docs/PROTOCOL.md), so
     * nothing goes missing silently. The caller has put the room in {@link #refilling}.
     */
    private void refill(Room room, long last) {
        String name = room.name();
        long cutoff = System.currentTimeMillis() - config.history().maxAge().toMillis();
        run(RoomScripts.RECOVER, keys(name), List.of(Long.toString(last + 1), historySize())).whenComplete((answer, failure) -> {
            List<Envelope> waiting;
            synchronized (refilling) {
                waiting = refilling.remove(name);
            }
            Replay replay = failure == null ? Replay.of(answer, last, cutoff) : null;
            if (replay != null && replay.recovered()) {
                Map<Long, String> excluded = Replay.excluded(answer);
                long seq = last;
                for (String frame : replay.frames()) {
                    seq++;
                    deliver(room, excluded.getOrDefault(seq, NOBODY), seq, frame);
                }
                if (!replay.frames().isEmpty()) {
                    metrics.gapRefilled(true);
                }
            } else {
                metrics.gapRefilled(false);
                LOG.infof("rooms: messages of room %s after seq %d %s; telling its members here", name, last,
                        failure != null ? "cannot be read back (" + failure.getMessage() + ")" : "are no longer kept");
                synchronized (room) {
                    if (!room.dead()) {
                        long upTo = replay != null ? replay.upTo() : waitingFirst(waiting, room.seq());
                        room.advanceTo(upTo);
                        rooms.deliver(room, new RoomFrames.Joined(name, RoomTable.membersHere(room) + counts.members(name),
                                false), null);
                    }
                }
            }
            if (waiting != null) {
                for (Envelope envelope : waiting) {
                    deliver(room, envelope.arg(1), Long.parseLong(envelope.arg(2)), envelope.body());
                }
            }
        });
    }

    /** The seq just before the first live message that waited, so it and the later ones are delivered. */
    private static long waitingFirst(List<Envelope> waiting, long fallback) {
        if (waiting == null || waiting.isEmpty()) {
            return fallback;
        }
        return Math.max(fallback, Long.parseLong(waiting.get(0).arg(2)) - 1);
    }

    // ---- following room channels ----

    /**
     * Subscribes this node to a room's channel unless it already is; completes once Redis
     * confirmed (or failed, while Redis is down: the link subscribes again when it is back).
     */
    private CompletableFuture<Void> subscribe(String name) {
        synchronized (following) {
            Following entry = following.get(name);
            if (entry == null) {
                entry = new Following();
                entry.ready = cluster.subscribe(channel(name)).toCompletionStage().toCompletableFuture();
                following.put(name, entry);
            } else if (entry.leaveTimer >= 0) {
                vertx.cancelTimer(entry.leaveTimer);
                entry.leaveTimer = -1;
            }
            return entry.ready;
        }
    }

    /** The room emptied here: drop its channel after a short delay, unless a member comes back. */
    private void unsubscribeLater(String name) {
        synchronized (following) {
            Following entry = following.get(name);
            if (entry == null || entry.leaveTimer >= 0) {
                return;
            }
            entry.leaveTimer = vertx.setTimer(Math.max(1, cluster.config().unsubscribeDelay().toMillis()), t -> {
                synchronized (following) {
                    if (following.get(name) != entry || entry.leaveTimer != t) {
                        return;
                    }
                    Room room = rooms.get(name);
                    if (room != null && RoomTable.membersHere(room) > 0) {
                        entry.leaveTimer = -1;
                        return;
                    }
                    following.remove(name);
                    cluster.unsubscribe(channel(name));
                }
            });
        }
    }

    /**
     * A member joins without {@code since}: if this node does not receive the room yet, hold the
     * member's live messages until Redis confirmed the subscription, then send `joined`.
     */
    @Override
    public CompletionStage<Boolean> follow(Room room, Client client) {
        if (!cluster.enabled()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> ready = subscribe(room.name());
        if (ready.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        room.hold(client);
        CompletableFuture<Boolean> joined = new CompletableFuture<>();
        ready.whenCompleteAsync((ok, failure) -> {
            synchronized (room) {
                if (room.dead() || room.heldFor(client) == null) {
                    joined.completeExceptionally(new HubException(ErrorCode.NOT_FOUND,
                            "room " + room.name() + " was closed (or left) while joining it"));
                    return;
                }
                List<Room.Held> held = room.release(client, 0);
                joined.complete(null);
                held.forEach(message -> client.sendEncoded(message.frame()));
            }
        }, onCallerContext());
        return joined;
    }

    /** Runs completions on the calling connection's event loop, never inside the Redis client. */
    private static Executor onCallerContext() {
        Context home = Vertx.currentContext();
        return home == null ? Runnable::run : task -> home.runOnContext(v -> task.run());
    }

    // ---- join with since ----

    /**
     * Sends a held member what it missed since {@code since} from the shared history, then
     * releases it. Completes with its `joined` frame once the replay is queued; the live messages
     * held meanwhile follow, without those the replay already had.
     */
    @Override
    public CompletionStage<Boolean> recover(Room room, Client client, long since) {
        if (!shared()) {
            return local.recover(room, client, since);
        }
        room.hold(client); // live messages wait until the missed ones are sent
        CompletableFuture<Boolean> joined = new CompletableFuture<>();
        long cutoff = System.currentTimeMillis() - config.history().maxAge().toMillis();
        // The answer is handled on the joining connection's event loop, never inside the Redis
        // client (which may complete it while holding its own lock): the room's lock is taken here.
        Context home = Vertx.currentContext();
        Executor onHome = home == null ? Runnable::run : task -> home.runOnContext(v -> task.run());
        // Subscribed first, so every message after the history read also arrives live.
        subscribe(room.name()).handle((ok, e) -> null)
                .thenCompose(v -> run(RoomScripts.RECOVER, keys(room.name()), List.of(Long.toString(since + 1), historySize())))
                .whenCompleteAsync((answer, failure) -> {
            synchronized (room) {
                if (room.dead() || room.heldFor(client) == null) {
                    joined.completeExceptionally(new HubException(ErrorCode.NOT_FOUND,
                            "room " + room.name() + " was closed (or left) while joining it"));
                    return;
                }
                long upTo;
                boolean recovered;
                if (failure == null) {
                    Replay replay = Replay.of(answer, since, cutoff);
                    replay.frames().forEach(client::sendEncoded);
                    upTo = replay.upTo();
                    recovered = replay.recovered();
                } else {
                    // Redis went away meanwhile: what this node itself kept, as in local mode.
                    LOG.debugf("rooms: recovery of %s from Redis failed, using this node's history: %s",
                            room.name(), failure.getMessage());
                    List<RoomFrames.Message> missed = room.since(since);
                    recovered = missed != null;
                    upTo = since;
                    if (missed != null) {
                        missed.forEach(client::send);
                        upTo = missed.isEmpty() ? since : missed.get(missed.size() - 1).seq();
                    }
                }
                List<Room.Held> held = room.release(client, upTo);
                joined.complete(recovered);
                for (Room.Held message : held) {
                    if (message.seq() > upTo) {
                        client.sendEncoded(message.frame());
                    }
                }
            }
        }, onHome);
        return joined;
    }

    // ---- members and presence ----

    /** Tells the other nodes this node's member count of a room, and who joined or left. */
    @Override
    public void membersChanged(Room room, String event, Who who) {
        announce(room.name(), event, who, room.size());
        if (room.size() == 0 && cluster.enabled()) {
            unsubscribeLater(room.name());
        }
    }

    private void announce(String room, String event, Who who, int localMembers) {
        String body;
        try {
            body = who == null ? "" : json.mapper().writeValueAsString(who);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + who, e);
        }
        // False while Redis is down: the resync after the outage sends the counts again.
        cluster.publish(Envelope.of(MEMBERS, cluster.self(), body, token(room), Integer.toString(localMembers),
                event == null ? "count" : event));
    }

    private void onMembers(Envelope envelope) {
        if (envelope.origin().equals(cluster.self())) {
            return; // this node told its own members when it happened
        }
        String room = room(envelope.arg(0));
        counts.set(envelope.origin(), room, Integer.parseInt(envelope.arg(1)));
        String event = envelope.arg(2);
        if (("join".equals(event) || "leave".equals(event)) && !envelope.body().isEmpty()) {
            try {
                rooms.presence(room, event, json.mapper().readValue(envelope.body(), Who.class));
            } catch (JsonProcessingException e) {
                LOG.debugf("rooms: ignoring a presence with an unreadable member: %s", e.getMessage());
            }
        }
    }

    /** Redis came (back) or a node said hello: announce every local count again. */
    void resync(@Observes ClusterResync event) {
        if (!cluster.enabled()) {
            return;
        }
        loadScripts();
        // Not on every hello: only when this node's own link came up.
        if (event.reconnected() || !seqsRaised) {
            seqsRaised = true;
            raiseSeqs();
        }
        if (event.reconnected()) {
            refillAll();
        }
        StringBuilder body = new StringBuilder();
        rooms.localCounts().forEach((room, members) -> body.append(token(room)).append(' ').append(members).append('\n'));
        cluster.publish(Envelope.of(COUNTS, cluster.self(), body.toString()));
    }

    /**
     * After a reconnect (Redis back, or a failover or resharding moved a room's slot), the link
     * subscribed every room channel again: read back what each room here may have missed.
     */
    private void refillAll() {
        synchronized (following) {
            following.values().forEach(entry -> {
                if (entry.ready.isCompletedExceptionally()) {
                    entry.ready = CompletableFuture.completedFuture(null);
                }
            });
        }
        for (String name : rooms.localCounts().keySet()) {
            Room room = rooms.get(name);
            if (room == null) {
                continue;
            }
            long last;
            synchronized (room) {
                last = room.seq();
            }
            synchronized (refilling) {
                if (last == 0 || refilling.containsKey(name)) {
                    continue;
                }
                refilling.put(name, new ArrayList<>());
            }
            refill(room, last);
        }
    }

    private void onCounts(Envelope envelope) {
        if (envelope.origin().equals(cluster.self())) {
            return;
        }
        Map<String, Integer> snapshot = new HashMap<>();
        for (String line : envelope.body().split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                snapshot.put(room(line.substring(0, space)), Integer.parseInt(line.substring(space + 1)));
            }
        }
        counts.replace(envelope.origin(), snapshot);
    }

    void nodeLeft(@Observes NodeLeft event) {
        counts.forgetNode(event.instance());
    }

    // ---- close ----

    /**
     * Deletes the room's seq and history in Redis and has every node close it (this one too, in
     * channel order after the messages published before). Completes with {@code known}, the
     * members counted cluster-wide, or fails with not_found when no node and no history knew it.
     */
    @Override
    public CompletionStage<Integer> close(Room room, String name) {
        int known = (room == null ? 0 : RoomTable.membersHere(room)) + counts.members(name);
        if (!cluster.up()) {
            return CompletableFuture.failedFuture(new HubException(ErrorCode.INTERNAL,
                    "cannot close room " + name + " now: Redis is unreachable, so the other nodes cannot be told; try again"));
        }
        String envelope = Envelope.of(CLOSE, cluster.self(), "", token(name)).encode();
        return run(RoomScripts.CLOSE, keys(name), List.of(channel(name), envelope, known > 0 ? "1" : "0"))
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw notConfirmed("close of room " + name, failure);
                    }
                    // Nodes not subscribed to the room still count its members elsewhere.
                    cluster.publish(Envelope.of(FORGET, cluster.self(), "", token(name)));
                    if (answer.toLong() == 0 && known == 0) {
                        throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
                    }
                    return known;
                });
    }

    private void onClose(Envelope envelope) {
        String room = room(envelope.arg(0));
        counts.forgetRoom(room);
        rooms.closeHere(room);
        unsubscribeLater(room);
    }

    // ---- seq upkeep ----

    /** The last seq Redis gave out in a room (0 when it has none), for REST room details. */
    @Override
    public CompletionStage<Long> seq(String room) {
        if (!shared()) {
            return local.seq(room);
        }
        return cluster.send(Request.cmd(Command.GET).arg(keys(room).get(0))).toCompletionStage()
                .thenApply(answer -> answer == null ? 0L : answer.toLong());
    }

    /** Rooms with members here must keep their seq: refresh its expiry (history expires by age alone). */
    private void keepSeqsAlive() {
        if (!cluster.up()) {
            return;
        }
        Map<Integer, List<String>> bySlot = new HashMap<>();
        rooms.localCounts().keySet().forEach(room -> {
            String key = keys(room).get(0);
            bySlot.computeIfAbsent(HashSlots.slot(key), s -> new ArrayList<>()).add(key);
        });
        for (List<String> keys : bySlot.values()) { // a script's keys must share a slot
            for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_CALL));
                run(RoomScripts.TOUCH, List.copyOf(chunk), List.of(Long.toString(seqTtlMillis())));
            }
        }
    }

    /**
     * After an outage (or at start, with rooms restored by persistence): a room's seq in Redis
     * must not fall below what this node numbered on its own meanwhile, or below what it saw before
     * Redis lost its data, or seqs would repeat.
     */
    private void raiseSeqs() {
        Map<Integer, List<String>> keysBySlot = new HashMap<>();
        Map<Integer, List<String>> floorsBySlot = new HashMap<>();
        rooms.localSeqs().forEach((room, seq) -> {
            String key = keys(room).get(0);
            int slot = HashSlots.slot(key); // a script's keys must share a slot
            keysBySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(key);
            floorsBySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(Long.toString(seq));
        });
        keysBySlot.forEach((slot, keys) -> raiseSeqs(keys, floorsBySlot.get(slot)));
    }

    private void raiseSeqs(List<String> keys, List<String> floors) {
        for (int from = 0; from < keys.size(); from += KEYS_PER_CALL) {
            int to = Math.min(keys.size(), from + KEYS_PER_CALL);
            List<String> args = new ArrayList<>();
            args.add(Long.toString(2 * seqTtlMillis()));
            args.addAll(floors.subList(from, to));
            run(RoomScripts.FLOOR, List.copyOf(keys.subList(from, to)), args);
        }
    }

    // ---- helpers ----

    /**
     * Loads the scripts into a Redis that may have lost its script cache (restarted), ahead of the
     * publishes queued behind on the same connection: otherwise the first publishes after a
     * restart go EVALSHA, NOSCRIPT, EVAL, and a later publish that finds the script loaded could
     * overtake an earlier one still on its way back.
     */
    private void loadScripts() {
        for (String script : List.of(RoomScripts.PUBLISH, RoomScripts.RECOVER, RoomScripts.CLOSE, RoomScripts.TOUCH,
                RoomScripts.FLOOR)) {
            try {
                cluster.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script));
            } catch (ClusterUnavailable e) {
                return;
            }
        }
    }

    private CompletionStage<io.vertx.redis.client.Response> run(String script, List<String> keys, List<String> args) {
        try {
            return cluster.eval(script, keys, args).toCompletionStage();
        } catch (ClusterUnavailable e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A room's seq and history, in its partition's slot. */
    private List<String> keys(String room) {
        return List.of(cluster.partitionKey(room, "room", room, "seq"), cluster.partitionKey(room, "room", room, "log"));
    }

    /** A room's sharded channel, in the same slot as its keys. */
    private String channel(String room) {
        return cluster.partitionKey(room, "room", room);
    }

    private String historySize() {
        return Integer.toString(Math.max(0, config.history().size()));
    }

    /**
     * History lives for max-age after the last message, as in local mode (at least: the publish
     * script renews expiries only when less than this is left, to twice it; replays skip what is
     * older than max-age).
     */
    private long logTtlMillis() {
        return Math.max(1000, config.history().maxAge().toMillis());
    }

    /** A seq outlives its history, and is refreshed while members remain (several sweeps of margin). */
    private long seqTtlMillis() {
        return logTtlMillis() + 4 * Rooms.sweepMillis(config);
    }

    private static HubException notConfirmed(String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return new HubException(ErrorCode.INTERNAL,
                what + " not confirmed by Redis (" + cause.getMessage() + "); it may not have reached other nodes");
    }

    /** A room name as an envelope field (which may not hold spaces or newlines). */
    public static String token(String room) {
        return URLEncoder.encode(room, StandardCharsets.UTF_8);
    }

    public static String room(String token) {
        return URLDecoder.decode(token, StandardCharsets.UTF_8);
    }
}
