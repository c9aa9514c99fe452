package dev.hibiki.socketio;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.Dispatcher;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Json;
import dev.hibiki.rooms.Room;
import dev.hibiki.rooms.RoomTable;
import dev.hibiki.rooms.Rooms;
import dev.hibiki.security.AuthCheck;
import dev.hibiki.security.TokenVerifier;
import dev.hibiki.socketio.engine.EngineApplication;
import dev.hibiki.socketio.engine.EngineSession;
import dev.hibiki.socketio.protocol.SioDecoder;
import dev.hibiki.socketio.protocol.SioEncoder;
import dev.hibiki.socketio.protocol.SioPacket;
import dev.hibiki.socketio.recovery.SavedSession;
import dev.hibiki.socketio.recovery.SentLog;
import dev.hibiki.socketio.recovery.SessionStore;
import io.quarkus.arc.All;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Socket.IO on top of Engine.IO: namespaces and their vocabularies, the namespace connect (auth,
 * CONNECT_ERROR), and events into the hub. Every socket is a hub client through {@link SioSocket},
 * so presence, counts, rooms, limits, metrics and cluster fan-out apply to it as to {@code /ws}.
 * <p>
 * Connection state recovery (docs/SOCKETIO.md): a socket dropped by its transport leaves a
 * {@link SavedSession} in the {@link SessionStore}; a CONNECT with its {@code pid} and the client's
 * last offset takes it, joins its rooms again from where the client stands in each (the rooms'
 * history sends what it missed) and answers with the same ids when every room had all of it.
 */
@ApplicationScoped
public class SocketIoServer implements EngineApplication {

    private static final Logger LOG = Logger.getLogger(SocketIoServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Hub hub;
    private final Dispatcher dispatcher;
    private final TokenVerifier verifier;
    private final SocketIoConfig config;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
    private final Rooms rooms;
    private final RoomTable roomTable;
    private final SessionStore sessions;
    private final SocketIoConfig.Recovery recovery;

    SocketIoServer(Hub hub, Dispatcher dispatcher, TokenVerifier verifier, SocketIoConfig config, Json json, Vertx vertx,
            @All List<Vocabulary> vocabularies, ConfiguredRoutes routes, Rooms rooms, RoomTable roomTable,
            Instance<SessionStore> sessions) {
        this.hub = hub;
        this.dispatcher = dispatcher;
        this.verifier = verifier;
        this.config = config;
        this.mapper = json.mapper();
        this.vertx = vertx;
        this.rooms = rooms;
        this.roomTable = roomTable;
        this.recovery = config.recovery();
        this.sessions = recovery.enabled() ? sessions.get() : null;
        Map<String, List<Vocabulary>> byNamespace = new LinkedHashMap<>();
        byNamespace.put("/", new ArrayList<>());
        List<Vocabulary> ordered = new ArrayList<>(routes.vocabularies()); // configured routes first
        ordered.addAll(vocabularies);
        ordered.sort(java.util.Comparator.comparing(Vocabulary::fallback)); // stable: fallbacks last
        for (Vocabulary vocabulary : ordered) {
            if (vocabulary.enabled()) {
                byNamespace.computeIfAbsent(vocabulary.namespace(), n -> new ArrayList<>()).add(vocabulary);
            }
        }
        byNamespace.forEach((name, list) -> {
            NamespaceDialect legacy = new NamespaceDialect(name, List.copyOf(list), mapper, false);
            NamespaceDialect dialect = recovery.enabled() ? new NamespaceDialect(name, List.copyOf(list), mapper, true) : legacy;
            namespaces.put(name, new Namespace(name, List.copyOf(list), dialect, legacy));
        });
    }

    @Override
    public void opened(EngineSession engine) {
        SioSession session = new SioSession(engine, this, new SioDecoder(mapper, config.maxAttachments()));
        engine.listener(session);
        if (engine.protocol() == 3) {
            // Socket.IO v4 (Engine.IO v3) joins the default namespace without asking.
            session.connect("/", null);
        }
        if (!session.connected()) {
            session.connectTimer(vertx.setTimer(config.connectTimeout().toMillis(), t -> {
                if (!session.connected()) {
                    engine.close("no namespace joined in time");
                }
            }));
        }
    }

    /** The namespaces served, by name (for tests and docs). */
    public List<String> namespaces() {
        return List.copyOf(namespaces.keySet());
    }

    /**
     * Admits a socket to a namespace: answers CONNECT (the socket id) and opens it as a hub
     * client, or answers CONNECT_ERROR and returns null.
     */
    SioSocket admit(SioSession session, String nsp, JsonNode auth) {
        EngineSession engine = session.engine();
        Namespace namespace = namespace(engine, nsp);
        if (namespace == null) {
            return null;
        }
        Admission admission = authorize(engine, nsp, auth);
        if (admission == null) {
            return null;
        }
        boolean recoverable = sessions != null && engine.protocol() == 4;
        SioSocket socket = recoverable
                ? new SioSocket(newId(), engine, namespace, newId(), new SentLog(recovery.trackedEvents(), offset(auth)), false)
                : new SioSocket(newId(), engine, namespace);
        // The connect answer first: the hub's welcome (and everything after) follows it.
        engine.send(SioEncoder.packets(SioPacket.CONNECT, nsp, null, connectAnswer(engine, socket)), null);
        connecting(namespace, socket);
        socket.client(hub.open(socket, admission));
        connected(namespace, socket);
        return socket;
    }

    /** The namespace, or null after answering CONNECT_ERROR (unknown, or the server is draining). */
    private Namespace namespace(EngineSession engine, String nsp) {
        Namespace namespace = namespaces.get(nsp);
        if (namespace == null) {
            refuse(engine, nsp, "Invalid namespace", null);
            return null;
        }
        if (hub.draining()) {
            refuse(engine, nsp, "server shutting down", ErrorCode.FORBIDDEN);
            return null;
        }
        return namespace;
    }

    /** The socket's admission (its token checked when authentication is on), or null after CONNECT_ERROR. */
    private Admission authorize(EngineSession engine, String nsp, JsonNode auth) {
        Admission admission = Admission.decode(engine.admission().encode()); // each socket its own
        if (verifier.enabled()) {
            String token = auth != null && auth.path("token").isTextual() ? auth.get("token").textValue()
                    : engine.handshakeToken();
            if (token == null) {
                refuse(engine, nsp, "a token is required: auth.token, Authorization: Bearer or ?access_token=",
                        ErrorCode.UNAUTHORIZED);
                return null;
            }
            try {
                AuthCheck.admit(verifier.verify(token), admission, verifier.adminRole());
            } catch (TokenVerifier.InvalidToken e) {
                refuse(engine, nsp, e.getMessage(), ErrorCode.UNAUTHORIZED);
                return null;
            }
        }
        return admission;
    }

    /** {@code {sid}}, with {@code pid} for a socket that may recover; nothing for Socket.IO v4 (Engine.IO v3). */
    private ObjectNode connectAnswer(EngineSession engine, SioSocket socket) {
        if (engine.protocol() == 3) {
            return null;
        }
        ObjectNode answer = mapper.createObjectNode().put("sid", socket.id());
        if (socket.pid() != null) {
            answer.put("pid", socket.pid());
        }
        return answer;
    }

    private void connecting(Namespace namespace, SioSocket socket) {
        for (Vocabulary vocabulary : namespace.vocabularies()) {
            try {
                vocabulary.connecting(socket);
            } catch (RuntimeException e) {
                LOG.errorf(e, "vocabulary %s failed on connect", vocabulary.getClass().getSimpleName());
            }
        }
    }

    private void connected(Namespace namespace, SioSocket socket) {
        for (Vocabulary vocabulary : namespace.vocabularies()) {
            try {
                vocabulary.connected(socket);
            } catch (RuntimeException e) {
                LOG.errorf(e, "vocabulary %s failed on connect", vocabulary.getClass().getSimpleName());
            }
        }
    }

    // ---- connection state recovery ----

    /** The pid of a CONNECT that asks for a recovery, or null (recovery off, Engine.IO v3, no pid). */
    String recoveryPid(EngineSession engine, JsonNode auth) {
        if (sessions == null || engine.protocol() != 4 || auth == null || !auth.path("pid").isTextual()) {
            return null;
        }
        return auth.get("pid").textValue();
    }

    /** The offset the client says it last received, or null. */
    private static String offset(JsonNode auth) {
        return auth != null && auth.path("offset").isTextual() ? auth.get("offset").textValue() : null;
    }

    /**
     * A CONNECT with a pid: takes the saved session and recovers it, or, when it cannot be
     * recovered whole, admits a fresh socket (new ids: the client sees {@code recovered} false).
     * Completes with the socket, or null when the connect was refused.
     */
    CompletionStage<SioSocket> recover(SioSession session, String nsp, JsonNode auth, String pid) {
        EngineSession engine = session.engine();
        Namespace namespace = namespace(engine, nsp);
        if (namespace == null) {
            return CompletableFuture.completedFuture(null);
        }
        // Continued on this session's event loop: the rooms' joins expect a connection's context.
        return sessions.take(pid)
                .exceptionally(failure -> null)
                .thenComposeAsync(saved -> restore(session, namespace, auth, saved), here())
                .exceptionally(failure -> {
                    LOG.errorf(failure, "Socket.IO: recovery of a session failed, connecting afresh");
                    return engine.isOpen() ? admit(session, nsp, auth) : null;
                });
    }

    private CompletionStage<SioSocket> restore(SioSession session, Namespace namespace, JsonNode auth, SavedSession saved) {
        EngineSession engine = session.engine();
        String nsp = namespace.name();
        if (!engine.isOpen()) {
            if (saved != null) {
                sessions.keep(saved, recovery.maxDisconnectionDuration()); // nothing of it was used
            }
            return CompletableFuture.completedFuture(null);
        }
        Admission admission = authorize(engine, nsp, auth);
        if (admission == null) {
            return CompletableFuture.completedFuture(null);
        }
        String offset = offset(auth);
        Map<String, Long> positions = saved == null ? null : saved.positions(offset);
        if (positions == null || !nsp.equals(saved.namespace()) || !Objects.equals(admission.subject(), saved.subject())) {
            LOG.debugf("Socket.IO: %s cannot be recovered (%s); connecting afresh", engine,
                    saved == null ? "unknown or expired session" : positions == null ? "offset not known" : "another namespace or identity");
            return CompletableFuture.completedFuture(admit(session, nsp, auth));
        }
        admission.name(saved.name());
        SioSocket socket = new SioSocket(saved.sid(), engine, namespace, saved.pid(),
                new SentLog(recovery.trackedEvents(), offset), true);
        Client client = hub.open(socket, admission);
        socket.client(client);
        List<CompletableFuture<Boolean>> joins = new ArrayList<>();
        positions.forEach((room, since) -> joins.add(rejoin(client, room, since)));
        return CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).thenApplyAsync(done -> {
            boolean whole = joins.stream().allMatch(CompletableFuture::join);
            if (!whole || !engine.isOpen()) {
                socket.abandon();
                if (!engine.isOpen()) {
                    sessions.keep(saved, recovery.maxDisconnectionDuration());
                    return null;
                }
                LOG.debugf("Socket.IO: %s missed room messages that are no longer kept; connecting afresh", engine);
                return admit(session, nsp, auth);
            }
            ObjectNode answer = mapper.createObjectNode().put("sid", socket.id()).put("pid", socket.pid());
            try {
                socket.release(SioEncoder.packets(SioPacket.CONNECT, nsp, null, answer), () -> connecting(namespace, socket));
            } catch (RuntimeException e) {
                socket.abandon(); // then connected afresh by recover()
                throw e;
            }
            connected(namespace, socket);
            return socket;
        }, here());
    }

    /** Runs tasks on the current Vert.x context (a connection's event loop), or in place off one. */
    private static Executor here() {
        Context home = Vertx.currentContext();
        return home == null ? Runnable::run : task -> home.runOnContext(v -> task.run());
    }

    /** Joins a room again from {@code since}; completes with whether every missed message was still kept. */
    private CompletableFuture<Boolean> rejoin(Client client, String room, long since) {
        try {
            return rooms.join(client, room, since).toCompletableFuture()
                    .handle((joined, failure) -> failure == null && Boolean.TRUE.equals(joined.recovered()));
        } catch (HubException e) {
            return CompletableFuture.completedFuture(false); // forbidden now, full, or too many rooms
        } catch (RuntimeException e) {
            LOG.errorf(e, "Socket.IO: rejoining room %s failed", room);
            return CompletableFuture.completedFuture(false);
        }
    }

    /**
     * Keeps what a dropped socket's client may come back to, while its hub client is still in its
     * rooms. Nothing is kept when one of its rooms is still replaying missed messages to it: where
     * it stands there is not known yet.
     */
    void keep(SioSocket socket) {
        Client client = socket.client();
        Map<String, Long> seqs = new HashMap<>();
        for (String name : client.rooms()) {
            Room room = roomTable.get(name);
            if (room == null) {
                return;
            }
            synchronized (room) {
                if (room.dead() || room.heldFor(client) != null) {
                    return;
                }
                seqs.put(name, room.seq());
            }
        }
        sessions.keep(socket.saved(seqs), recovery.maxDisconnectionDuration());
    }

    private void refuse(EngineSession engine, String nsp, String message, ErrorCode code) {
        JsonNode data;
        if (engine.protocol() == 3) {
            data = mapper.getNodeFactory().textNode(message); // Socket.IO v4 sends a string
        } else {
            ObjectNode error = mapper.createObjectNode().put("message", message);
            if (code != null) {
                error.putObject("data").put("code", code.code());
            }
            data = error;
        }
        engine.send(SioEncoder.packets(SioPacket.CONNECT_ERROR, nsp, null, data), null);
    }

    /** An event from a socket: counted against its limits, then handed to its vocabularies. */
    void onEvent(SioSocket socket, ArrayNode args, Long ack, String raw) {
        Client client = socket.client();
        if (client == null || !dispatcher.admit(client, raw)) {
            return;
        }
        String event = args.get(0).asText();
        JsonNode payload = args.size() > 1 ? args.get(1) : null;
        for (Vocabulary vocabulary : namespaces.get(socket.namespace()).vocabularies()) {
            try {
                if (vocabulary.onEvent(socket, event, payload, ack)) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "vocabulary %s failed on event %s", vocabulary.getClass().getSimpleName(), event);
                socket.ack(ack, error(ErrorCode.INTERNAL, "internal error"));
                return;
            }
        }
        // Nobody knows the event: like the official server, nothing happens, but an ack is answered.
        socket.ack(ack, error(ErrorCode.UNKNOWN_TYPE, "unknown event: " + abbreviate(event)));
    }

    /** {@code {error: {code, message}}}, the answer to a request that failed. */
    public ObjectNode error(ErrorCode code, String message) {
        ObjectNode answer = mapper.createObjectNode();
        answer.putObject("error").put("code", code.code()).put("message", message);
        return answer;
    }

    /** {@code {delivered: n}}, the answer to a fan-out. */
    public ObjectNode delivered(int deliveries) {
        return mapper.createObjectNode().put("delivered", deliveries);
    }

    void cancelTimer(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void log(String what, EngineSession engine) {
        log(what, engine, true);
    }

    /** One concise line per cause and session. */
    void log(String what, EngineSession engine, boolean closed) {
        LOG.infof("Socket.IO: %s from %s%s", what, engine, closed ? "; session closed" : "");
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static String newId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
