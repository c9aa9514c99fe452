package dev.hibiki.events;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.enterprise.context.ApplicationScoped;

/** Every interval is this node's: ticks are numbered from 1 by this process. */
@ApplicationScoped
@LookupUnlessProperty(name = "hibiki.cluster.mode", stringValue = "redis", lookupIfMissing = true)
public class LocalTicks implements TickSource {

    private final AtomicLong count = new AtomicLong();

    @Override
    public void next(Duration interval, LongConsumer emit) {
        emit.accept(count.incrementAndGet());
    }
}
