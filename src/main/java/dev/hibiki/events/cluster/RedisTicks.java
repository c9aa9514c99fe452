package dev.hibiki.events.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import dev.hibiki.cluster.Cluster;
import dev.hibiki.events.TickSource;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One tick per interval for the whole cluster. Every node's scheduler fires, but only the holder
 * of a lease in Redis emits (and relays) the tick; the lease lasts two intervals, so when the
 * holder dies another node takes over within about three. The tick count lives in Redis and
 * continues across holders. While Redis is down each node ticks for its own clients, so every
 * client still gets one tick per interval (numbered by its node).
 */
@ApplicationScoped
@LookupIfProperty(name = "hibiki.cluster.mode", stringValue = "redis")
public class RedisTicks implements TickSource {

    /** KEYS: lease, count. ARGV: this node, lease ms. Returns the new count, or nil for a non-holder. */
    private static final String LEASE = """
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then return false end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return redis.call('INCR', KEYS[2])
            """;

    private final Cluster cluster;
    private final AtomicLong lastCount = new AtomicLong();

    RedisTicks(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Emits the next tick through {@code emit} if this node holds the lease (or Redis is down). */
    @Override
    public void next(Duration interval, LongConsumer emit) {
        if (!cluster.up()) {
            emit.accept(lastCount.incrementAndGet());
            return;
        }
        cluster.eval(LEASE, List.of(cluster.hubKey("ticks", "lease"), cluster.hubKey("ticks", "count")),
                List.of(cluster.self(), Long.toString(interval.toMillis() * 2)))
                .onSuccess(count -> {
                    if (count != null) {
                        long n = count.toLong();
                        lastCount.set(n);
                        emit.accept(n);
                    }
                })
                .onFailure(e -> emit.accept(lastCount.incrementAndGet()));
    }

}
