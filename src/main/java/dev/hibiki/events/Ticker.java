package dev.hibiki.events;

import java.util.concurrent.atomic.AtomicLong;

import dev.hibiki.hub.Frames;
import dev.hibiki.hub.Hub;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Server-generated events: a `tick {count, ts}` to every connection each `hibiki.ticks.every`. */
@ApplicationScoped
public class Ticker {

    private final Hub hub;
    private final AtomicLong count = new AtomicLong();

    Ticker(Hub hub) {
        this.hub = hub;
    }

    @Scheduled(identity = "hibiki-ticks", every = "${hibiki.ticks.every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        hub.everyone(new Frames.Tick(count.incrementAndGet(), Frames.now()), null);
    }
}
