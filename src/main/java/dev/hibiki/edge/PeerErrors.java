package dev.hibiki.edge;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What peers did wrong at the wire, for operators: a counter per cause
 * ({@code hibiki_peer_errors_total{cause}}) and at most one concise log line per cause every
 * {@link #LOG_EVERY_NANOS} (10 s), never a stack trace. A client that resets its connection or
 * sends garbage is the client's problem, not the server's: without this each one wrote two ERROR
 * entries with full stack traces, which made the log itself something a client could flood.
 */
@ApplicationScoped
public class PeerErrors {

    /** Why a peer was answered or dropped; the tag value of the metric. */
    public enum Cause {
        /** The peer reset the connection or vanished mid-write (DEBUG: routine on mobile networks). */
        RESET("reset", Logger.Level.DEBUG),
        /** A WebSocket frame broke RFC 6455: closed with 1002. */
        PROTOCOL_ERROR("protocol_error", Logger.Level.INFO),
        /** A text frame or close reason was not UTF-8: closed with 1007. */
        INVALID_PAYLOAD("invalid_payload", Logger.Level.INFO),
        /** A frame over the transport ceiling: closed with 1009. */
        MESSAGE_TOO_BIG("message_too_big", Logger.Level.INFO),
        /** A WebSocket upgrade with an invalid {@code Sec-WebSocket-Key}: 400. */
        BAD_UPGRADE("bad_upgrade", Logger.Level.INFO),
        /** An HTTP request whose body length cannot be trusted (RFC 9112 framing): 400 and close. */
        BAD_HTTP_FRAMING("bad_http_framing", Logger.Level.INFO);

        private final String tag;
        private final Logger.Level level;

        Cause(String tag, Logger.Level level) {
            this.tag = tag;
            this.level = level;
        }

        public String tag() {
            return tag;
        }
    }

    static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final Logger LOG = Logger.getLogger(PeerErrors.class);

    private final Map<Cause, Counter> counters = new EnumMap<>(Cause.class);
    private final Map<Cause, Window> windows = new EnumMap<>(Cause.class);

    PeerErrors(MeterRegistry registry) {
        for (Cause cause : Cause.values()) {
            counters.put(cause, Counter.builder("hibiki.peer.errors")
                    .description("Peers answered with an error or dropped at the wire, by cause")
                    .tag("cause", cause.tag).register(registry));
            windows.put(cause, new Window());
        }
    }

    /** Counts one occurrence and logs it unless a line for the same cause was written recently. */
    public void report(Cause cause, Object peer, String detail) {
        counters.get(cause).increment();
        long suppressed = windows.get(cause).admit(System.nanoTime());
        if (suppressed >= 0 && LOG.isEnabled(cause.level)) {
            LOG.logf(cause.level, "Peer %s: %s (%s%s)", peer, detail, cause.tag,
                    suppressed > 0 ? "; " + suppressed + " more of this cause since the last line" : "");
        }
    }

    /** One log line per cause per interval; counts what it held back. */
    private static final class Window {

        private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong held = new AtomicLong();

        /** Returns how many were held back since the last line when this one may be logged, else -1. */
        long admit(long now) {
            long due = next.get();
            if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + LOG_EVERY_NANOS)) {
                return held.getAndSet(0);
            }
            held.incrementAndGet();
            return -1;
        }
    }
}
