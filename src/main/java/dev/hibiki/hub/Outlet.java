package dev.hibiki.hub;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.impl.WebSocketImplBase;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.impl.ServerWebSocketWrapper;

/**
 * The fast way out to one connection's socket: complete WebSocket frames written straight to the
 * Netty channel, below the frame encoder, on the channel's own event loop, with one flush per
 * event-loop turn however many frames were written.
 * <p>
 * websockets-next offers only {@code sendText(String)}, which per call encodes the string to UTF-8,
 * builds a Vert.x frame, a Mutiny {@code Uni}, a context snapshot, a promise and a listener, and
 * flushes each frame with its own system call. For a fan-out to thousands of connections that
 * overhead is most of the cost, so the hub reaches the channel under the connection (through the
 * package-private {@code webSocket()} of websockets-next and the wrapper of Vert.x Web) and writes
 * the bytes of {@link WireFrame} there. Where that is not possible (another runtime layout, or
 * per-message compression, whose encoder must see every frame) {@link #of} returns null and the
 * client keeps using {@code sendText}.
 * <p>
 * Frames written here pass only the handlers below the frame encoder (TLS, when the server
 * terminates it); Vert.x's idle-state handler above it does not see them, which is harmless: the
 * hub's heartbeat pings every connection through Vert.x and reads its pongs.
 * <p>
 * Public for other WebSocket transports of the hub (Socket.IO's): a {@link Peer} hands its outlet
 * to its {@link Client}, and writes its own transport packets with {@link #send} so they keep
 * their order with the client's frames.
 */
@RegisterForReflection(classNames = { "io.quarkus.websockets.next.runtime.WebSocketConnectionBase",
        "io.quarkus.websockets.next.runtime.WebSocketConnectionImpl",
        "io.quarkus.websockets.next.runtime.WebSocketConnectionImpl$HandshakeRequestImpl",
        "io.vertx.ext.web.impl.ServerWebSocketWrapper" }, methods = true, fields = true)
public final class Outlet {

    private static final Logger LOG = Logger.getLogger(Outlet.class);

    private static final MethodHandle WEB_SOCKET = webSocketAccessor();
    private static final MethodHandle WRAPPED = wrappedAccessor();
    private static final Field HANDSHAKE_HEADERS = handshakeHeaders();
    /** Off by default in Hibiki; when on, frames must pass the deflate encoder. */
    private static final boolean COMPRESSION = compressionSupported();
    /** {@code hibiki.performance.flush-delay}, set at start-up by {@link PerformanceSetup}. */
    private static volatile long flushDelayNanos;
    private static volatile boolean warned;

    /** Outlets written to during the current turn of this event loop, flushed together at its end. */
    private static final ThreadLocal<Flusher> FLUSHER = ThreadLocal.withInitial(Flusher::new);

    private final Channel channel;
    private final EventLoop loop;
    private final ChannelHandlerContext belowEncoder;
    private final VoidChannelPromise noListener;
    /** Written to and not yet flushed; touched on the event loop only. */
    private boolean dirty;
    /**
     * Writes handed to this connection's loop and not yet run. While there are any, a write made on
     * the loop itself must queue behind them: frames sent one after the other by different threads
     * (a document's revisions, an ack after the ops before it) must reach the peer in that order.
     */
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();

    private Outlet(Channel channel, ChannelHandlerContext belowEncoder) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.belowEncoder = belowEncoder;
        // No listener, and failures are not fired down the pipeline: a write to a connection that
        // has just gone is expected and handled by the close path.
        this.noListener = new VoidChannelPromise(channel, false);
    }

    /** The outlet of a server connection, or null when frames must go through websockets-next. */
    public static Outlet of(WebSocketConnection connection) {
        if (COMPRESSION || WEB_SOCKET == null) {
            return null;
        }
        try {
            return of(WEB_SOCKET.invoke(connection));
        } catch (Throwable e) {
            return unavailable(e.toString());
        }
    }

    /**
     * The outlet of a Vert.x server WebSocket (one a route upgraded itself), or null when its
     * frames must go through Vert.x (compression negotiated, or another runtime layout).
     */
    public static Outlet of(io.vertx.core.http.ServerWebSocket webSocket) {
        try {
            return of((Object) webSocket);
        } catch (Throwable e) {
            return unavailable(e.toString());
        }
    }

    private static Outlet of(Object socket) throws Throwable {
        if (socket instanceof ServerWebSocketWrapper && WRAPPED != null) {
            socket = WRAPPED.invoke(socket);
        }
        if (!(socket instanceof WebSocketImplBase<?> impl) || !(impl.connection() instanceof ConnectionBase base)) {
            return unavailable("unexpected socket type " + (socket == null ? null : socket.getClass().getName()));
        }
        Channel channel = base.channel();
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext encoder = pipeline.context(WebSocketFrameEncoder.class);
        if (encoder == null || pipeline.get(WebSocketExtensionEncoder.class) != null) {
            return null;
        }
        return new Outlet(channel, encoder);
    }

    static void flushDelay(long nanos) {
        flushDelayNanos = nanos;
    }

    /**
     * Drops the upgrade request's headers that websockets-next and Vert.x keep for the whole life
     * of the connection (about 1.7 KB in all, a fifth of an idle connection's heap). The hub reads
     * them once, when the connection opens; call this after that.
     */
    public static void forgetHandshake(WebSocketConnection connection) {
        // websockets-next keeps an immutable copy (Map.copyOf) in a final field: replaced by an
        // empty map, since nothing reads it after the open.
        Object request = connection.handshakeRequest();
        if (HANDSHAKE_HEADERS != null && HANDSHAKE_HEADERS.getDeclaringClass().isInstance(request)) {
            try {
                HANDSHAKE_HEADERS.set(request, Map.of());
            } catch (Throwable keep) {
                // Another layout: keep them.
            }
        }
        if (WEB_SOCKET == null) {
            return;
        }
        try {
            Object socket = WEB_SOCKET.invoke(connection);
            if (socket instanceof io.vertx.core.http.ServerWebSocket server) {
                server.headers().clear();
            }
        } catch (Throwable keep) {
            // Another layout: keep them.
        }
    }

    /** The event loop of this connection: its writes run there. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Writes a transport's own packet (a Socket.IO pong or acknowledgement) in order with the
     * frames queued before it: at once on the loop with nothing queued ahead, else behind them. No
     * slow-client bound: these are small answers to what the peer itself sent.
     */
    public void send(WireFrame frame) {
        if (canWriteNow()) {
            if (active()) {
                write(frame.wireFrame(allocator()));
            }
            return;
        }
        queued();
        try {
            loop.execute(() -> {
                try {
                    if (active()) {
                        write(frame.wireFrame(allocator()));
                    }
                } finally {
                    dequeued();
                }
            });
        } catch (RuntimeException rejected) {
            dequeued(); // the loop is shutting down
        }
    }

    boolean inLoop() {
        return loop.inEventLoop();
    }

    /** On this connection's loop with nothing queued ahead: a write may go out at once. */
    boolean canWriteNow() {
        return loop.inEventLoop() && queued.get() == 0;
    }

    /** A write for this connection was handed to its loop. */
    void queued() {
        queued.incrementAndGet();
    }

    /** A write handed to the loop has run. */
    void dequeued() {
        queued.decrementAndGet();
    }

    ByteBufAllocator allocator() {
        return channel.alloc();
    }

    public boolean active() {
        return channel.isActive();
    }

    /**
     * Bytes written to this connection and not yet taken by its socket, as Netty counts them (with
     * its per-frame overhead, which is close to what a queued frame really costs in memory).
     */
    public long pendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Writes a complete frame; on the event loop only. The channel takes over the reference. */
    void write(ByteBuf frame) {
        belowEncoder.write(frame, noListener);
        if (!dirty) {
            dirty = true;
            FLUSHER.get().add(this);
        }
    }

    private void flush() {
        dirty = false;
        belowEncoder.flush();
    }

    /**
     * One flush per connection per event-loop turn: the flush runs as a task after the I/O of the
     * current turn, so every frame written meanwhile (several fan-outs read in one batch when the
     * server is busy) leaves in one system call instead of one each. It adds no waiting, unless
     * {@code hibiki.performance.flush-delay} asks to wait for more frames.
     */
    private static final class Flusher implements Runnable {

        private List<Outlet> dirty = new ArrayList<>();
        private List<Outlet> spare = new ArrayList<>();

        void add(Outlet outlet) {
            dirty.add(outlet);
            if (dirty.size() == 1) {
                if (flushDelayNanos > 0) {
                    outlet.loop.schedule(this, flushDelayNanos, TimeUnit.NANOSECONDS);
                } else {
                    outlet.loop.execute(this);
                }
            }
        }

        @Override
        public void run() {
            List<Outlet> flushing = dirty;
            dirty = spare;
            for (int i = 0; i < flushing.size(); i++) {
                flushing.get(i).flush();
            }
            flushing.clear();
            spare = flushing;
        }
    }

    private static Outlet unavailable(String why) {
        if (!warned) {
            warned = true;
            LOG.warnf("Frames go through websockets-next sendText (slower fan-out): %s", why);
        }
        return null;
    }

    private static boolean compressionSupported() {
        try {
            return ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.websockets-next.server.per-message-compression-supported", Boolean.class)
                    .orElse(true);
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static MethodHandle webSocketAccessor() {
        try {
            Class<?> base = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase");
            Method method = base.getDeclaredMethod("webSocket");
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method);
        } catch (Throwable e) {
            LOG.debugf("websockets-next internals not reachable: %s", e);
            return null;
        }
    }

    private static Field handshakeHeaders() {
        try {
            Field field = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionImpl$HandshakeRequestImpl")
                    .getDeclaredField("headers");
            field.setAccessible(true);
            return field;
        } catch (Throwable e) {
            LOG.debugf("websockets-next handshake headers not reachable: %s", e);
            return null;
        }
    }

    private static MethodHandle wrappedAccessor() {
        try {
            Field field = ServerWebSocketWrapper.class.getDeclaredField("delegate");
            field.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(field);
        } catch (Throwable e) {
            LOG.debugf("Vert.x Web socket wrapper not reachable: %s", e);
            return null;
        }
    }
}
