package dev.hibiki.socketio.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.Outlet;
import dev.hibiki.hub.WireFrame;
import dev.hibiki.socketio.engine.EnginePackets.Packet;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * One Engine.IO session: its transport (HTTP long-polling, then perhaps a WebSocket), the packets
 * waiting for the next poll, the upgrade from polling to WebSocket, and the heartbeat. What the
 * packets mean is the {@link Listener}'s business (the Socket.IO layer).
 * <p>
 * Requests of one session may arrive on several connections and event loops (a held GET, a POST,
 * the WebSocket), and frames for it are sent from any thread: its state is guarded by the session's
 * monitor. Packets leave in the order they were sent, whichever transport carries them.
 */
public final class EngineSession {

    private static final Logger LOG = Logger.getLogger(EngineSession.class);

    /** What the application above does with a session's messages. */
    public interface Listener {

        void onMessage(String text);

        void onBinary(byte[] data);

        /** The session is gone (closed by either side, timed out, or broke the protocol). */
        void onClose(String reason);
    }

    private static final Listener NOBODY = new Listener() {
        @Override
        public void onMessage(String text) {
        }

        @Override
        public void onBinary(byte[] data) {
        }

        @Override
        public void onClose(String reason) {
        }
    };

    private final String sid;
    private final int protocol;
    /**
     * A v3 session whose handshake had no {@code b64}: its polls are answered with binary payloads
     * (the client said it reads them; socket.io-client 1.x in a browser reads nothing else).
     */
    private final boolean binaryPayloads;
    private final Admission admission;
    private final String handshakeToken;
    private final Engine engine;
    private volatile Listener listener = NOBODY;

    // Guarded by this.
    /** Packets (String, or byte[] for binary) not yet written, and Runnables to run once written. */
    private final ArrayDeque<Object> buffer = new ArrayDeque<>();
    private RoutingContext poll;
    private boolean posting;
    private ServerWebSocket webSocket;
    private Outlet outlet;
    private ServerWebSocket probe;
    /** The probe's request asked for {@code b64}. */
    private boolean probeBase64;
    /**
     * The WebSocket's request asked for {@code b64} (v3: a client whose WebSocket cannot carry
     * binary): binary messages go to it as {@code b4<base64>} text frames, as the official server's.
     */
    private boolean webSocketBase64;
    private boolean closed;
    private long pingTimer = -1;
    private long pongTimer = -1;
    private long upgradeTimer = -1;
    private long noopTimer = -1;

    EngineSession(String sid, int protocol, boolean binaryPayloads, Admission admission, String handshakeToken, Engine engine) {
        this.sid = sid;
        this.protocol = protocol;
        this.binaryPayloads = protocol == 3 && binaryPayloads;
        this.admission = admission;
        this.handshakeToken = handshakeToken;
        this.engine = engine;
    }

    public String sid() {
        return sid;
    }

    /** 4, or 3 for the older clients (socket.io-client 1.x/2.x). */
    public int protocol() {
        return protocol;
    }

    /** What the handshake's checks admitted the session with (origin, name, limits, address). */
    public Admission admission() {
        return admission;
    }

    /** A token the handshake request carried (Authorization header or ?access_token=), or null. */
    public String handshakeToken() {
        return handshakeToken;
    }

    public void listener(Listener listener) {
        this.listener = listener;
    }

    /** The WebSocket fast path, when the session is on a WebSocket that offers one. */
    public synchronized Outlet outlet() {
        return outlet;
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    /** The open packet: the session's parameters. */
    String openPacket() {
        return EnginePackets.OPEN + "{\"sid\":\"" + sid + "\",\"upgrades\":" + (webSocket == null ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + engine.config().pingInterval().toMillis()
                + ",\"pingTimeout\":" + engine.config().pingTimeout().toMillis()
                + ",\"maxPayload\":" + engine.config().maxPayload() + "}";
    }

    // ---- sending ----

    /**
     * Sends packets (Engine.IO text packets as Strings, binary messages as byte[]) in order behind
     * what was sent before; {@code taken} runs once the transport has them (or the session is gone).
     * Returns false when the session is closed.
     */
    public boolean send(List<Object> packets, Runnable taken) {
        synchronized (this) {
            if (!closed) {
                if (webSocket != null && buffer.isEmpty()) {
                    writeToWebSocket(packets, taken);
                    return true;
                }
                buffer.addAll(packets);
                if (taken != null) {
                    buffer.add(taken);
                }
                flushPoll();
                return true;
            }
        }
        if (taken != null) {
            taken.run();
        }
        return false;
    }

    /**
     * Sends a frame translated for a namespace (its parts are Engine.IO packets). On a WebSocket
     * with the fast path its wire bytes are written as they are, made once for every socket that
     * shares the translation.
     */
    public boolean send(WireFrame frame, Runnable taken) {
        synchronized (this) {
            if (!closed && webSocket != null && outlet != null && protocol == 4 && buffer.isEmpty()) {
                outlet.send(frame);
                if (taken != null) {
                    taken.run();
                }
                if (outlet.pendingBytes() > engine.maxOutboundBytes()) {
                    engine.vertx().runOnContext(v -> close("slow client: outbound buffer full"));
                }
                return true;
            }
        }
        return send(frame.parts(), taken);
    }

    /** A single text packet (a control packet, or a Socket.IO packet as {@code 4...}). */
    public boolean send(String packet) {
        return send(List.of(packet), null);
    }

    private void writeToWebSocket(List<Object> packets, Runnable taken) {
        List<Object> frames = protocol == 3 ? v3Frames(packets, webSocketBase64) : packets;
        if (outlet != null) {
            outlet.send(WireFrame.ofParts(frames));
            if (taken != null) {
                taken.run();
            }
            if (outlet.pendingBytes() > engine.maxOutboundBytes()) {
                engine.vertx().runOnContext(v -> close("slow client: outbound buffer full"));
            }
            return;
        }
        ServerWebSocket socket = webSocket;
        for (int i = 0; i < frames.size(); i++) {
            Object frame = frames.get(i);
            boolean last = i == frames.size() - 1;
            io.vertx.core.Future<Void> written = frame instanceof String text ? socket.writeTextMessage(text)
                    : socket.writeBinaryMessage(Buffer.buffer((byte[]) frame));
            if (last && taken != null) {
                written.onComplete(done -> taken.run());
            }
        }
    }

    /** Engine.IO v3 sends a binary message with its type byte in front, or as base64 text. */
    private static List<Object> v3Frames(List<Object> packets, boolean base64) {
        List<Object> frames = new ArrayList<>(packets.size());
        for (Object packet : packets) {
            if (packet instanceof byte[] bytes && base64) {
                frames.add("b" + EnginePackets.MESSAGE + Base64.getEncoder().encodeToString(bytes));
            } else if (packet instanceof byte[] bytes) {
                byte[] typed = new byte[bytes.length + 1];
                typed[0] = 4;
                System.arraycopy(bytes, 0, typed, 1, bytes.length);
                frames.add(typed);
            } else {
                frames.add(packet);
            }
        }
        return frames;
    }

    /** Answers the held poll with what is buffered, up to the per-poll cap. */
    private void flushPoll() {
        if (poll == null || !hasPackets()) {
            return;
        }
        List<Object> out = new ArrayList<>();
        List<Runnable> taken = new ArrayList<>();
        int max = engine.config().maxPacketsPerPoll();
        while (!buffer.isEmpty()) {
            Object next = buffer.peekFirst();
            if (next instanceof Runnable done) {
                buffer.pollFirst();
                taken.add(done);
                continue;
            }
            if (out.size() == max) {
                break;
            }
            out.add(buffer.pollFirst());
        }
        answer(poll, out);
        poll = null;
        taken.forEach(Runnable::run);
    }

    private boolean hasPackets() {
        for (Object each : buffer) {
            if (!(each instanceof Runnable)) {
                return true;
            }
        }
        return false;
    }

    private void answer(RoutingContext context, List<Object> packets) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        if (binaryPayloads) {
            context.response().putHeader("Content-Type", "application/octet-stream")
                    .end(Buffer.buffer(EnginePackets.encodeV3Binary(packets)));
        } else {
            context.response().putHeader("Content-Type", "text/plain; charset=UTF-8").end(EnginePackets.encode(packets, protocol));
        }
    }

    // ---- polling ----

    /** A GET: answered at once when packets wait, else held until some are sent. */
    void poll(RoutingContext context) {
        synchronized (this) {
            if (closed) {
                Engine.fail(context, 400, Engine.BAD_REQUEST, "Bad request");
                return;
            }
            if (webSocket != null) {
                Engine.fail(context, 400, Engine.BAD_REQUEST, "Bad request");
                return;
            }
            if (poll == null) {
                poll = context;
                context.response().closeHandler(v -> pollClosed(context));
                flushPoll();
                return;
            }
        }
        // A second poll while one is held: the official server answers 400 and drops the session.
        Engine.fail(context, 400, Engine.BAD_REQUEST, "Bad request");
        engine.log("overlapping polls", this);
        close("overlap from client");
    }

    private void pollClosed(RoutingContext context) {
        boolean premature;
        synchronized (this) {
            premature = poll == context;
            if (premature) {
                poll = null;
            }
        }
        if (premature) {
            close("poll connection closed prematurely");
        }
    }

    /** A POST: a payload of packets from the client. */
    void post(RoutingContext context) {
        synchronized (this) {
            if (closed || webSocket != null || posting) {
                boolean overlap = posting && !closed;
                Engine.fail(context, 400, Engine.BAD_REQUEST, "Bad request");
                if (overlap) {
                    close("data request overlap from client");
                }
                return;
            }
            posting = true;
        }
        int max = engine.config().maxPayload();
        // As the official server decides: by the content type (v3 only; v4 has no binary payloads).
        String contentType = context.request().getHeader("Content-Type");
        boolean binaryBody = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = { false };
        context.request().handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                tooLarge[0] = true;
                context.response().setStatusCode(413).end();
                engine.log("payload over maxPayload", this);
                close("payload too large");
                return;
            }
            body.appendBuffer(chunk);
        });
        context.request().resume();
        context.request().exceptionHandler(e -> close("data request failed"));
        context.request().endHandler(v -> {
            if (tooLarge[0]) {
                return;
            }
            synchronized (this) {
                posting = false;
            }
            List<Packet> packets;
            try {
                packets = protocol != 3 ? EnginePackets.decodeV4(body.toString())
                        : binaryBody ? EnginePackets.decodeV3Binary(body.getBytes()) : EnginePackets.decodeV3(body.toString());
            } catch (EnginePackets.Malformed e) {
                Engine.fail(context, 400, Engine.BAD_REQUEST, "Bad request");
                engine.log("malformed payload (" + e.getMessage() + ")", this);
                close("parse error");
                return;
            }
            context.response().putHeader("Content-Type", "text/html").end("ok");
            for (Packet packet : packets) {
                if (!receive(packet, false)) {
                    return;
                }
            }
        });
    }

    // ---- WebSocket ----

    /** A session opened directly on a WebSocket. */
    void attachDirect(ServerWebSocket socket, boolean base64) {
        synchronized (this) {
            attach(socket, base64);
        }
        send(openPacket());
    }

    private void attach(ServerWebSocket socket, boolean base64) {
        webSocket = socket;
        webSocketBase64 = protocol == 3 && base64;
        outlet = Outlet.of(socket);
        socket.textMessageHandler(text -> onWebSocketText(text));
        socket.binaryMessageHandler(data -> onWebSocketBinary(data.getBytes()));
        socket.closeHandler(v -> close("transport close"));
        socket.exceptionHandler(e -> close("transport error"));
    }

    private void onWebSocketText(String text) {
        Packet packet;
        try {
            packet = EnginePackets.webSocketText(text, protocol);
        } catch (EnginePackets.Malformed e) {
            engine.log("malformed packet (" + e.getMessage() + ")", this);
            close("parse error");
            return;
        }
        receive(packet, true);
    }

    private void onWebSocketBinary(byte[] data) {
        if (protocol == 3) {
            if (data.length == 0 || data[0] != 4) {
                engine.log("malformed binary packet", this);
                close("parse error");
                return;
            }
            byte[] message = new byte[data.length - 1];
            System.arraycopy(data, 1, message, 0, message.length);
            data = message;
        }
        receive(new Packet(EnginePackets.MESSAGE, data), true);
    }

    /**
     * A WebSocket opened to upgrade this polling session: the probe ping is answered on it, the
     * held poll is released with a noop so the client can pause polling, and the upgrade packet
     * moves the session, with whatever is buffered, onto the WebSocket.
     */
    void probe(ServerWebSocket candidate, boolean base64) {
        synchronized (this) {
            if (closed || webSocket != null || probe != null) {
                candidate.close((short) 1002);
                return;
            }
            probe = candidate;
            probeBase64 = base64;
            upgradeTimer = engine.vertx().setTimer(engine.config().upgradeTimeout().toMillis(), t -> abandon(candidate));
        }
        candidate.textMessageHandler(text -> onProbeText(candidate, text));
        candidate.binaryMessageHandler(data -> abandon(candidate));
        candidate.closeHandler(v -> abandon(candidate));
    }

    private void onProbeText(ServerWebSocket candidate, String text) {
        if ("2probe".equals(text)) {
            candidate.writeTextMessage("3probe");
            synchronized (this) {
                if (probe != candidate) {
                    return;
                }
                releasePoll();
                if (noopTimer < 0) {
                    noopTimer = engine.vertx().setPeriodic(100, t -> {
                        synchronized (this) {
                            releasePoll();
                        }
                    });
                }
            }
            return;
        }
        if (String.valueOf(EnginePackets.UPGRADE).equals(text)) {
            synchronized (this) {
                if (probe != candidate || closed) {
                    candidate.close();
                    return;
                }
                cancelUpgradeTimers();
                probe = null;
                releasePoll();
                attach(candidate, probeBase64);
                List<Object> pending = new ArrayList<>();
                List<Runnable> taken = new ArrayList<>();
                for (Object each : buffer) {
                    if (each instanceof Runnable done) {
                        taken.add(done);
                    } else {
                        pending.add(each);
                    }
                }
                buffer.clear();
                if (!pending.isEmpty()) {
                    writeToWebSocket(pending, null);
                }
                taken.forEach(Runnable::run);
            }
            return;
        }
        engine.log("unexpected packet during upgrade", this);
        abandon(candidate);
    }

    /** Answers a held poll with a noop (the client is moving to the WebSocket). */
    private void releasePoll() {
        if (poll != null) {
            answer(poll, List.of(String.valueOf(EnginePackets.NOOP)));
            poll = null;
        }
    }

    private void abandon(ServerWebSocket candidate) {
        synchronized (this) {
            if (probe != candidate) {
                return;
            }
            probe = null;
            cancelUpgradeTimers();
        }
        candidate.close();
    }

    private void cancelUpgradeTimers() {
        if (upgradeTimer >= 0) {
            engine.vertx().cancelTimer(upgradeTimer);
            upgradeTimer = -1;
        }
        if (noopTimer >= 0) {
            engine.vertx().cancelTimer(noopTimer);
            noopTimer = -1;
        }
    }

    // ---- packets in ----

    /** Handles one packet; false when it ended the session. */
    private boolean receive(Packet packet, boolean onWebSocket) {
        switch (packet.type()) {
            case EnginePackets.MESSAGE -> {
                if (packet.data() instanceof byte[] bytes) {
                    listener.onBinary(bytes);
                } else {
                    listener.onMessage((String) packet.data());
                }
            }
            case EnginePackets.PONG -> {
                if (protocol == 3) {
                    return violation("pong from client in Engine.IO v3");
                }
                pong();
            }
            case EnginePackets.PING -> {
                if (protocol != 3) {
                    return violation("invalid heartbeat direction");
                }
                send(EnginePackets.PONG + (String) packet.data());
                heartbeatV3();
            }
            case EnginePackets.CLOSE -> {
                close("client close");
                return false;
            }
            case EnginePackets.NOOP -> {
            }
            default -> {
                return violation("unexpected packet " + packet.type());
            }
        }
        return true;
    }

    private boolean violation(String what) {
        engine.log(what, this);
        close("transport error");
        return false;
    }

    // ---- heartbeat ----

    /** Starts the heartbeat: v4 servers ping; v3 clients ping and the server waits for them. */
    void startHeartbeat() {
        if (protocol == 3) {
            heartbeatV3();
        } else {
            schedulePing();
        }
    }

    private synchronized void schedulePing() {
        if (closed) {
            return;
        }
        pingTimer = engine.vertx().setTimer(engine.config().pingInterval().toMillis(), t -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                pongTimer = engine.vertx().setTimer(engine.config().pingTimeout().toMillis(), x -> close("ping timeout"));
            }
            send(String.valueOf(EnginePackets.PING));
        });
    }

    private void pong() {
        synchronized (this) {
            if (pongTimer >= 0) {
                engine.vertx().cancelTimer(pongTimer);
                pongTimer = -1;
            }
            if (pingTimer >= 0) {
                engine.vertx().cancelTimer(pingTimer);
            }
        }
        schedulePing();
    }

    private synchronized void heartbeatV3() {
        if (closed) {
            return;
        }
        if (pongTimer >= 0) {
            engine.vertx().cancelTimer(pongTimer);
        }
        long wait = engine.config().pingInterval().toMillis() + engine.config().pingTimeout().toMillis();
        pongTimer = engine.vertx().setTimer(wait, x -> close("ping timeout"));
    }

    // ---- closing ----

    /** Ends the session (idempotent): transports closed, timers stopped, the listener told. */
    public void close(String reason) {
        List<Runnable> taken = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (long timer : new long[] { pingTimer, pongTimer, upgradeTimer, noopTimer }) {
                if (timer >= 0) {
                    engine.vertx().cancelTimer(timer);
                }
            }
            if (poll != null) {
                answer(poll, List.of(String.valueOf(EnginePackets.CLOSE)));
                poll = null;
            }
            if (webSocket != null && !webSocket.isClosed()) {
                webSocket.close();
            }
            if (probe != null && !probe.isClosed()) {
                probe.close();
            }
            for (Object each : buffer) {
                if (each instanceof Runnable done) {
                    taken.add(done);
                }
            }
            buffer.clear();
        }
        taken.forEach(Runnable::run);
        engine.remove(this);
        LOG.debugf("Engine.IO session %s closed: %s", sid, reason);
        listener.onClose(reason);
    }

    @Override
    public String toString() {
        return "Engine.IO session " + sid + " (" + admission.address() + ")";
    }
}
