package dev.hibiki.events;

import java.time.Duration;

import dev.hibiki.hub.Frames;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.HubConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Server-generated events: a `tick {count, ts}` to every connection each `hibiki.ticks.every`;
 * in cluster mode once per interval for the whole cluster (the {@link TickSource} decides).
 */
@ApplicationScoped
public class Ticker {

    private final Hub hub;
    private final TickSource source;
    private final Duration interval;

    Ticker(Hub hub, Instance<TickSource> sources, HubConfig config) {
        this.hub = hub;
        this.source = sources.get();
        String every = config.ticks().every();
        this.interval = "off".equalsIgnoreCase(every) ? Duration.ZERO : DurationConverter.parseDuration(every);
    }

    @Scheduled(identity = "hibiki-ticks", every = "${hibiki.ticks.every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        source.next(interval, this::emit);
    }

    private void emit(long n) {
        hub.everyone(new Frames.Tick(n, Frames.now()), null);
    }
}
