package dev.hibiki.hub;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Hands the performance settings to the connections' write path before the first connection. */
@ApplicationScoped
class PerformanceSetup {

    /** Mutiny's system property for its "small" queues; read each time a queue is made. */
    static final String MUTINY_QUEUE = "mutiny.buffer-size.s";

    void onStart(@Observes StartupEvent start, PerformanceConfig config) {
        Outlet.flushDelay(config.flushDelay().toNanos());
        // websockets-next makes one Mutiny queue per connection, whose first chunk has
        // mutiny.buffer-size.s slots (256 by default, about 1 KB per idle connection). Queued
        // callbacks per connection are few: a small first chunk grows when needed.
        if (System.getProperty(MUTINY_QUEUE) == null) {
            System.setProperty(MUTINY_QUEUE, Integer.toString(config.mutinyQueueChunk()));
        }
    }
}
