package dev.hibiki.events;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.hibiki.cluster.ClusterTicks;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.HubConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Server-generated events: a `tick {count, ts}` to every connection each `hibiki.ticks.every`;
 * in cluster mode once per interval for the whole cluster (see {@link ClusterTicks}).
 */
@ApplicationScoped
public class Ticker {

    private final Hub hub;
    private final ClusterTicks cluster;
    private final Duration interval;
    private final AtomicLong count = new AtomicLong();

    Ticker(Hub hub, ClusterTicks cluster, HubConfig config) {
        this.hub = hub;
        this.cluster = cluster;
        String every = config.ticks().every();
        this.interval = "off".equalsIgnoreCase(every) ? Duration.ZERO : DurationConverter.parseDuration(every);
    }

    @Scheduled(identity = "hibiki-ticks", every = "${hibiki.ticks.every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (cluster.active()) {
            cluster.tick(interval, this::emit);
        } else {
            emit(count.incrementAndGet());
        }
    }

    private void emit(long n) {
        hub.everyone(new Frames.Tick(n, Frames.now()), null);
    }
}
