package dev.hibiki.hub;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.netty.buffer.ByteBuf;

/**
 * One connection as the hub sees it, whatever its transport ({@link Peer}): who it is, what it has
 * sent, the rooms it is in, and how much is queued for it. Sending never blocks: frames are queued
 * on the connection's event loop (or handed to its transport), and a connection whose queued bytes
 * pass the limit is closed as a slow client.
 */
public final class Client {

    /** Close code for a client that does not read fast enough (application range 4000-4999). */
    public static final int CLOSE_SLOW_CLIENT = 4008;

    private final Peer peer;
    /** The peer's dialect, or null for Hibiki's own frames (read on every send). */
    private final Dialect dialect;
    private final Who who;
    private final Admission admission;
    private final Json json;
    private final HubStats stats;
    private final long maxOutboundBytes;
    private final RateLimiter rateLimiter;
    private final AtomicLong frames = new AtomicLong();
    /** Bytes handed to the peer's own send path; the fast path asks the channel instead. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Outlet outlet;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The close has been handed to the socket; set and read on the connection's loop only. */
    private boolean closeWritten;
    /** Made on first use: most connections of a large broadcast audience never join a room. */
    private volatile Set<String> rooms;
    private final String address;
    private volatile Consumer<Client> onClose = client -> {
    };
    private volatile long lastHeardNanos = System.nanoTime();

    Client(Peer peer, Who who, Admission admission, Json json, HubStats stats, HubConfig.Limits limits) {
        this.peer = peer;
        this.dialect = peer.dialect();
        this.who = who;
        this.admission = admission;
        this.address = admission.address();
        this.json = json;
        this.stats = stats;
        this.maxOutboundBytes = limits.maxOutboundBytes();
        this.rateLimiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst());
        this.outlet = peer.outlet();
    }

    public String id() {
        return who.id();
    }

    public Who who() {
        return who;
    }

    /** What the upgrade checks admitted this connection with (identity, room rights, roles). */
    public Admission admission() {
        return admission;
    }

    /** The transport under this client. */
    public Peer peer() {
        return peer;
    }

    /** The client's address (host only), for per-address limits. */
    public String address() {
        return address;
    }

    /**
     * Releases what the connection kept of its upgrade request once the hub has read it (the
     * admission is decoded before the client is created): memory that idle connections pay for.
     */
    public void forgetHandshake() {
        peer.forgetHandshake();
    }

    /** Notes that the peer is alive (any frame or pong). */
    public void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /** Nanoseconds since the peer was last heard from. */
    public long silentForNanos() {
        return System.nanoTime() - lastHeardNanos;
    }

    void onClose(Consumer<Client> onClose) {
        this.onClose = onClose;
    }

    /** Counts one inbound frame and returns how many this connection has sent so far. */
    long countFrame() {
        return frames.incrementAndGet();
    }

    public long frames() {
        return frames.get();
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Names of the rooms this connection is in; maintained by the rooms feature. */
    public Set<String> rooms() {
        Set<String> set = rooms;
        if (set == null) {
            synchronized (this) {
                set = rooms;
                if (set == null) {
                    set = ConcurrentHashMap.newKeySet();
                    rooms = set;
                }
            }
        }
        return set;
    }

    /** True once a close has begun: nothing more is queued. */
    boolean closing() {
        return closing.get();
    }

    public boolean isOpen() {
        return !closing.get() && peer.isOpen();
    }

    public void send(Outbound frame) {
        send(WireFrame.of(json.encode(frame)));
    }

    public void reply(Outbound frame, JsonNode re) {
        send(WireFrame.of(json.encode(frame, re)));
    }

    /**
     * Queues an already encoded frame (a cluster mode relays frames from other nodes this way).
     * Returns false when the frame was not queued because the connection is closing or has just
     * been closed as a slow client.
     */
    public boolean sendEncoded(String encoded) {
        return send(WireFrame.of(encoded));
    }

    /**
     * Queues a frame. Frames reach the connection in the order they were sent, whichever threads
     * sent them: on the connection's event loop with nothing queued ahead they are written at
     * once, otherwise handed to that loop's task queue, which runs in order.
     * Returns false when the frame was not queued (closing, or closed now as a slow client).
     */
    public boolean send(WireFrame hubFrame) {
        if (closing.get()) {
            return false;
        }
        WireFrame frame = dialect == null ? hubFrame : hubFrame.in(dialect);
        if (frame == null) {
            return true; // nothing to say in this dialect
        }
        return deliver(frame);
    }

    /**
     * Queues a frame already in this peer's own words (a Socket.IO acknowledgement or event for
     * this socket alone), in order with the hub frames and under the same slow-client bound.
     */
    public boolean sendInDialect(WireFrame frame) {
        if (closing.get()) {
            return false;
        }
        return deliver(frame);
    }

    private boolean deliver(WireFrame frame) {
        if (outlet == null) {
            return sendThroughPeer(frame);
        }
        if (outlet.canWriteNow()) {
            if (!write(frame, null)) {
                return false;
            }
            stats.framesOut(1);
            return true;
        }
        // Behind what was queued before, and ahead of a close asked for next (a shutdown notice,
        // then the close, is queued on the same loop in that order). The slow-client bound is
        // checked when the write runs.
        outlet.queued();
        try {
            outlet.loop().execute(() -> {
                try {
                    writeQueued(frame, null);
                } finally {
                    outlet.dequeued();
                }
            });
        } catch (RuntimeException rejected) {
            outlet.dequeued(); // the loop is shutting down
            return false;
        }
        stats.framesOut(1);
        return true;
    }

    /**
     * Writes a frame on this connection's event loop: {@code shared} is a fan-out's wire frame
     * (this connection writes a retained duplicate of it), or null to build one for this
     * connection alone. A connection whose unwritten bytes would pass the limit is closed as a
     * slow client. Counting the frame is the caller's business.
     */
    boolean write(WireFrame frame, ByteBuf shared) {
        if (closing.get() || !outlet.active()) {
            return false;
        }
        return writeChecked(frame, shared);
    }

    /**
     * Writes a frame that was queued on the loop before any close was: it still goes out, ahead of
     * the close frame, which is queued behind it ({@link #close}). Frames queued after the close
     * frame went out are dropped.
     */
    boolean writeQueued(WireFrame frame, ByteBuf shared) {
        if (closeWritten || !outlet.active()) {
            return false;
        }
        return writeChecked(frame, shared);
    }

    private boolean writeChecked(WireFrame frame, ByteBuf shared) {
        if (outlet.pendingBytes() + frame.wireSize() > maxOutboundBytes) {
            stats.slowClientClosed();
            close(CLOSE_SLOW_CLIENT, "slow client: outbound buffer full");
            return false;
        }
        outlet.write(shared != null ? shared.retainedDuplicate() : frame.wireFrame(outlet.allocator()));
        return true;
    }

    /** The fast path's outlet, or null when frames go through the peer's own send. */
    Outlet outlet() {
        return outlet;
    }

    /**
     * The frame as this client reads it: the frame itself, its translation into the peer's dialect,
     * or null when the dialect has nothing for it. A fan-out shares one buffer per distinct result.
     */
    WireFrame wireFor(WireFrame frame) {
        return dialect == null ? frame : frame.in(dialect);
    }

    /** The peer's own path (websockets-next's sendText, Socket.IO's polling), without the fast path. */
    private boolean sendThroughPeer(WireFrame frame) {
        long size = frame.wireSize();
        if (queuedBytes.addAndGet(size) > maxOutboundBytes) {
            queuedBytes.addAndGet(-size);
            stats.slowClientClosed();
            close(CLOSE_SLOW_CLIENT, "slow client: outbound buffer full");
            return false;
        }
        peer.send(frame, () -> queuedBytes.addAndGet(-size));
        stats.framesOut(1);
        return true;
    }

    /** Bytes queued for this connection and not yet written to its socket. */
    public long queuedBytes() {
        return outlet != null ? outlet.pendingBytes() : queuedBytes.get();
    }

    /**
     * Closes the connection after its queued frames, leaving the hub to release it when the
     * close completes (used on shutdown, where the peers are healthy and flushing matters).
     */
    void closeQuietly(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            afterQueued(() -> peer.close(code, reason).whenComplete((done, failure) -> {
                if (failure != null) {
                    onClose.accept(this);
                }
            }));
        }
    }

    /**
     * Runs a close behind the frames already queued for this connection's loop (an error frame
     * queued just before a 1009, a shutdown notice before 1001), or at once when none are.
     */
    private void afterQueued(Runnable close) {
        Runnable marked = () -> {
            closeWritten = true;
            close.run();
        };
        if (outlet == null || outlet.canWriteNow()) {
            marked.run();
            return;
        }
        try {
            outlet.loop().execute(marked);
        } catch (RuntimeException rejected) {
            marked.run(); // the loop is shutting down
        }
    }

    /**
     * Closes the connection and releases it from the hub at once: a peer that does not read (slow,
     * or gone without a FIN) may never finish the close handshake, and counts and rooms must not
     * wait for it.
     */
    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            afterQueued(() -> peer.close(code, reason));
            onClose.accept(this);
        }
    }


    @Override
    public String toString() {
        return "Client[" + who.id() + " " + who.name() + "]";
    }
}
