package dev.hibiki.hub;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Hands the performance settings to the connections' write path before the first connection. */
@ApplicationScoped
class PerformanceSetup {

    private static final Logger LOG = Logger.getLogger(PerformanceSetup.class);

    /** Mutiny's system property for its "small" queues; read each time a queue is made. */
    static final String MUTINY_QUEUE = "mutiny.buffer-size.s";

    void onStart(@Observes StartupEvent start, PerformanceConfig config, Vertx vertx) {
        // io_uring when the kernel and the container allow it, else Java NIO (docs/OPERATIONS.md,
        // "Network transport"): operators see which one they got.
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("Network transport: io_uring");
        } else {
            Throwable why = vertx.unavailableNativeTransportCause();
            LOG.infof("Network transport: Java NIO (io_uring unavailable: %s)", why != null ? why.getMessage() : "not requested");
        }
        Outlet.flushDelay(config.flushDelay().toNanos());
        // websockets-next makes one Mutiny queue per connection, whose first chunk has
        // mutiny.buffer-size.s slots (256 by default, about 1 KB per idle connection). Queued
        // callbacks per connection are few: a small first chunk grows when needed.
        if (System.getProperty(MUTINY_QUEUE) == null) {
            System.setProperty(MUTINY_QUEUE, Integer.toString(config.mutinyQueueChunk()));
        }
    }
}
