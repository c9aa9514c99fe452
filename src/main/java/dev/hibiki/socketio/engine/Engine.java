package dev.hibiki.socketio.engine;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.HubConfig;
import dev.hibiki.security.AuthCheck;
import dev.hibiki.socketio.SocketIoConfig;
import dev.hibiki.security.UpgradeCheck;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Engine.IO on the HTTP port: a plain Vert.x route at {@code hibiki.socketio.path} serves the
 * long-polling requests and upgrades WebSocket requests itself (websockets-next only routes its
 * own paths). A handshake passes the same checks as a {@code /ws} upgrade (draining, limits,
 * origin, name); the token is checked when a namespace is joined, where Socket.IO carries it.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);

    static final int UNKNOWN_TRANSPORT = 0;
    static final int UNKNOWN_SID = 1;
    static final int BAD_HANDSHAKE_METHOD = 2;
    static final int BAD_REQUEST = 3;
    static final int FORBIDDEN = 4;
    static final int UNSUPPORTED_PROTOCOL_VERSION = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketIoConfig config;
    private final Vertx vertx;
    private final List<UpgradeCheck> checks;
    private final EngineApplication application;
    private final long maxOutboundBytes;
    private final int maxSessions;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();

    Engine(SocketIoConfig config, Vertx vertx, @All List<UpgradeCheck> checks, EngineApplication application,
            HubConfig hub, MeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        // The token travels in the Socket.IO CONNECT packet's auth (or the same header and query
        // as /ws): the namespace connect checks it, not the Engine.IO handshake.
        this.checks = checks.stream().filter(check -> !(check instanceof AuthCheck)).toList();
        this.application = application;
        this.maxOutboundBytes = hub.limits().maxOutboundBytes();
        // Sessions that have not joined a namespace are no hub connections yet: the same cap
        // bounds them, so a flood of bare handshakes cannot grow memory for connect-timeout.
        this.maxSessions = hub.limits().maxConnections();
        Gauge.builder("hibiki.socketio.sessions", sessions, Map::size)
                .description("Engine.IO sessions open on this node (Socket.IO clients, any namespace)").register(registry);
    }

    void install(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        // A path route matches with and without its trailing slash.
        router.route(config.path()).order(-200).handler(this::handle);
    }

    /**
     * After the hub's drain (which closed every socket, so their sessions), closes the sessions
     * that never joined a namespace: a poll they hold would keep the HTTP server's shutdown waiting.
     */
    void shutdown(@Observes ShutdownEvent event) {
        sessions.values().forEach(session -> session.close("server shutting down"));
    }

    SocketIoConfig config() {
        return config;
    }

    Vertx vertx() {
        return vertx;
    }

    long maxOutboundBytes() {
        return maxOutboundBytes;
    }

    /** Open sessions on this node. */
    public int sessions() {
        return sessions.size();
    }

    private void handle(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method == HttpMethod.OPTIONS) {
            context.next(); // CORS preflight: Quarkus' CORS filter answers it
            return;
        }
        String eio = context.request().getParam("EIO");
        int protocol = "4".equals(eio) ? 4 : "3".equals(eio) && config.allowEio3() ? 3 : 0;
        if (protocol == 0) {
            fail(context, 400, UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version");
            return;
        }
        String transport = context.request().getParam("transport");
        if (!"polling".equals(transport) && !"websocket".equals(transport)) {
            fail(context, 400, UNKNOWN_TRANSPORT, "Transport unknown");
            return;
        }
        if (context.request().getParam("j") != null) {
            // JSONP polling (engine.io-client 1.x/2.x without XMLHttpRequest, or forceJSONP): not
            // served. Every browser these clients run in has XHR, which they prefer.
            fail(context, 400, BAD_REQUEST, "JSONP polling not supported");
            return;
        }
        boolean upgrade = "websocket".equalsIgnoreCase(context.request().getHeader("Upgrade"));
        String sid = context.request().getParam("sid");
        if (sid == null) {
            handshake(context, protocol, "websocket".equals(transport), upgrade);
            return;
        }
        EngineSession session = sessions.get(sid);
        if (session == null) {
            fail(context, 400, UNKNOWN_SID, "Session ID unknown");
            return;
        }
        if ("websocket".equals(transport)) {
            if (!upgrade) {
                fail(context, 400, BAD_REQUEST, "Bad request");
                return;
            }
            boolean base64 = base64(context);
            context.request().toWebSocket().onSuccess(socket -> session.probe(socket, base64)).onFailure(e -> context.fail(400));
            return;
        }
        if (method == HttpMethod.GET) {
            session.poll(context);
        } else if (method == HttpMethod.POST) {
            session.post(context);
        } else {
            fail(context, 400, BAD_REQUEST, "Bad request");
        }
    }

    private void handshake(RoutingContext context, int protocol, boolean webSocket, boolean upgrade) {
        if (context.request().method() != HttpMethod.GET) {
            fail(context, 400, BAD_HANDSHAKE_METHOD, "Bad handshake method");
            return;
        }
        if (webSocket != upgrade) {
            fail(context, 400, BAD_REQUEST, "Bad request");
            return;
        }
        Admission admission = new Admission().address(context.request().remoteAddress() == null ? null
                : context.request().remoteAddress().hostAddress());
        for (UpgradeCheck check : checks) {
            Optional<UpgradeCheck.Refusal> refusal = check.check(context, admission);
            if (refusal.isPresent()) {
                UpgradeCheck.Refusal why = refusal.get();
                fail(context, why.status(), why.status() == 403 ? FORBIDDEN : BAD_REQUEST, why.message());
                return;
            }
        }
        if (sessions.size() >= maxSessions) {
            fail(context, 503, BAD_REQUEST, "server full: " + maxSessions + " sessions");
            return;
        }
        boolean base64 = base64(context);
        EngineSession session = new EngineSession(newSid(), protocol, !base64, admission, handshakeToken(context), this);
        if (webSocket) {
            context.request().toWebSocket().onSuccess(socket -> {
                sessions.put(session.sid(), session);
                session.attachDirect(socket, base64);
                application.opened(session);
                session.startHeartbeat();
            }).onFailure(e -> context.fail(400));
            return;
        }
        sessions.put(session.sid(), session);
        session.send(session.openPacket());
        application.opened(session);
        session.poll(context); // answered at once with the open packet (and what opened() sent)
        session.startHeartbeat();
    }

    /** Any b64 value means text, as in the official server: the client cannot read binary (v3). */
    private static boolean base64(RoutingContext context) {
        String b64 = context.request().getParam("b64");
        return b64 != null && !b64.isEmpty();
    }

    private static String handshakeToken(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        return context.request().getParam("access_token");
    }

    void remove(EngineSession session) {
        sessions.remove(session.sid(), session);
    }

    /** One concise line per misbehaving session, never a stack trace. */
    void log(String what, EngineSession session) {
        LOG.infof("Socket.IO: %s from %s; session closed", what, session);
    }

    /** The official server's error answer: {@code {code, message}} with 400 (403 when forbidden). */
    static void fail(RoutingContext context, int status, int code, String message) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("code", code).put("message", message).encode());
    }

    private static String newSid() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
