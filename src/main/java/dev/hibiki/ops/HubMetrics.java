package dev.hibiki.ops;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonTypeName;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.ClientOpened;
import dev.hibiki.hub.Encoded;
import dev.hibiki.hub.Connections;
import dev.hibiki.hub.DispatchMeter;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubStats;
import dev.hibiki.hub.Outbound;
import dev.hibiki.rooms.RoomCensus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The hub's Micrometer meters, scraped at /q/metrics (names and meaning in docs/OPERATIONS.md).
 * Gauges and totals read the hub's own counters ({@link HubStats}, {@link Connections},
 * {@link RoomCensus}); the per-type, per-code and latency meters are fed by the dispatcher and by
 * {@link FanOutMetrics}. Every tag value comes from a closed set (frame types the server
 * defines, error codes), never from what a client sent, so the number of series stays bounded.
 */
@Startup
@ApplicationScoped
public class HubMetrics implements DispatchMeter {

    private static final ClassValue<String> TYPE_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            JsonTypeName name = type.getAnnotation(JsonTypeName.class);
            return name != null ? name.value() : type.getSimpleName();
        }
    };

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> in = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> out = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ErrorCode, Counter> errors = new ConcurrentHashMap<>();
    private final Timer fanOut;
    private final DistributionSummary fanOutSize;

    // Micrometer holds a gauge's or function counter's source weakly: kept here, they live as long
    // as the meters (without this the gauges read NaN after a garbage collection).
    private final HubStats stats;
    private final Connections connections;
    private final RoomCensus rooms;

    HubMetrics(MeterRegistry registry, HubStats stats, Connections connections, RoomCensus rooms) {
        this.registry = registry;
        this.stats = stats;
        this.connections = connections;
        this.rooms = rooms;
        Gauge.builder("hibiki.connections", connections, Connections::size)
                .description("WebSocket connections open on this node")
                .register(registry);
        Gauge.builder("hibiki.rooms", rooms, RoomCensus::count)
                .description("Rooms with at least one member")
                .register(registry);
        Gauge.builder("hibiki.outbound.queued", connections, HubMetrics::queuedBytes)
                .description("Bytes queued for this node's connections and not yet written")
                .baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("hibiki.frames.in", stats, HubStats::messagesIn)
                .description("Frames received from clients, valid or not")
                .register(registry);
        FunctionCounter.builder("hibiki.deliveries", stats, HubStats::messagesOut)
                .description("Frames queued to a connection (one per recipient)")
                .register(registry);
        FunctionCounter.builder("hibiki.closes", stats, HubStats::slowClientCloses)
                .description("Connections closed by the server").tag("reason", "slow_client")
                .register(registry);
        FunctionCounter.builder("hibiki.closes", stats, HubStats::rateLimitCloses)
                .description("Connections closed by the server").tag("reason", "rate_limit")
                .register(registry);
        this.fanOut = Timer.builder("hibiki.fanout.duration")
                .description("Time to encode a frame once and queue it on every local recipient")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        this.fanOutSize = DistributionSummary.builder("hibiki.fanout.recipients")
                .description("Local recipients reached by one fan-out")
                .register(registry);
        // Error series exist from the start, so a rate() over them never begins with a gap.
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, errorCounter(code));
        }
    }

    /** A frame of a known type reached its command. */
    @Override
    public void received(String type) {
        in.computeIfAbsent(type, t -> Counter.builder("hibiki.messages.in")
                .description("Frames received, by type (frames that reached a command)")
                .tag("type", t).register(registry)).increment();
    }

    /** {@code deliveries} copies of {@code frame} were queued. */
    @Override
    public void sent(Outbound frame, int deliveries) {
        if (deliveries <= 0) {
            return;
        }
        String type = frame instanceof Encoded encoded ? encoded.type() : TYPE_NAMES.get(frame.getClass());
        out.computeIfAbsent(type, t -> Counter.builder("hibiki.messages.out")
                .description("Frames queued to connections, by type (one per recipient)")
                .tag("type", t).register(registry)).increment(deliveries);
    }

    /** An `error` frame with this code was sent. */
    @Override
    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    /** One fan-out took {@code nanos} and reached {@code deliveries} local connections. */
    public void fannedOut(Outbound frame, int deliveries, long nanos) {
        fanOut.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        fanOutSize.record(deliveries);
        sent(frame, deliveries);
    }

    void opened(@Observes ClientOpened event) {
        // The welcome is the one frame the hub sends outside commands and fan-outs.
        out.computeIfAbsent("welcome", t -> Counter.builder("hibiki.messages.out")
                .description("Frames queued to connections, by type (one per recipient)")
                .tag("type", t).register(registry)).increment();
    }

    private Counter errorCounter(ErrorCode code) {
        return Counter.builder("hibiki.errors")
                .description("Error frames sent, by code")
                .tag("code", code.code())
                .register(registry);
    }

    private static double queuedBytes(Connections connections) {
        long sum = 0;
        for (Client client : connections.all()) {
            sum += client.queuedBytes();
        }
        return sum;
    }
}
