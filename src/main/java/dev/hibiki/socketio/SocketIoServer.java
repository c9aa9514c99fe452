package dev.hibiki.socketio;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import dev.hibiki.hub.Json;
import dev.hibiki.security.AuthCheck;
import dev.hibiki.security.TokenVerifier;
import dev.hibiki.socketio.engine.EngineApplication;
import dev.hibiki.socketio.engine.EngineSession;
import dev.hibiki.socketio.protocol.SioDecoder;
import dev.hibiki.socketio.protocol.SioEncoder;
import dev.hibiki.socketio.protocol.SioPacket;
import io.quarkus.arc.All;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Socket.IO on top of Engine.IO: namespaces and their vocabularies, the namespace connect (auth,
 * CONNECT_ERROR), and events into the hub. Every socket is a hub client through {@link SioSocket},
 * so presence, counts, rooms, limits, metrics and cluster fan-out apply to it as to {@code /ws}.
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

    SocketIoServer(Hub hub, Dispatcher dispatcher, TokenVerifier verifier, SocketIoConfig config, Json json, Vertx vertx,
            @All List<Vocabulary> vocabularies, ConfiguredRoutes routes) {
        this.hub = hub;
        this.dispatcher = dispatcher;
        this.verifier = verifier;
        this.config = config;
        this.mapper = json.mapper();
        this.vertx = vertx;
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
        byNamespace.forEach((name, list) -> namespaces.put(name,
                new Namespace(name, List.copyOf(list), new NamespaceDialect(name, List.copyOf(list), mapper))));
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
        Namespace namespace = namespaces.get(nsp);
        if (namespace == null) {
            refuse(engine, nsp, "Invalid namespace", null);
            return null;
        }
        if (hub.draining()) {
            refuse(engine, nsp, "server shutting down", ErrorCode.FORBIDDEN);
            return null;
        }
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
        SioSocket socket = new SioSocket(newId(), engine, namespace);
        // The connect answer first: the hub's welcome (and everything after) follows it.
        ObjectNode answer = engine.protocol() == 3 ? null : mapper.createObjectNode().put("sid", socket.id());
        engine.send(SioEncoder.packets(SioPacket.CONNECT, nsp, null, answer), null);
        for (Vocabulary vocabulary : namespace.vocabularies()) {
            try {
                vocabulary.connecting(socket);
            } catch (RuntimeException e) {
                LOG.errorf(e, "vocabulary %s failed on connect", vocabulary.getClass().getSimpleName());
            }
        }
        Client client = hub.open(socket, admission);
        socket.client(client);
        for (Vocabulary vocabulary : namespace.vocabularies()) {
            try {
                vocabulary.connected(socket);
            } catch (RuntimeException e) {
                LOG.errorf(e, "vocabulary %s failed on connect", vocabulary.getClass().getSimpleName());
            }
        }
        return socket;
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
