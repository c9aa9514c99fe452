package dev.hibiki.hub;

import org.jboss.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    void onStart(@Observes StartupEvent start, PerformanceConfig config, Vertx vertx,
            @ConfigProperty(name = "quarkus.vertx.prefer-native-transport", defaultValue = "false") boolean ioUringAsked) {
        // Java NIO, or io_uring when asked for and the kernel and the container allow it
        // (docs/OPERATIONS.md, "Network transport"): operators see which one they got.
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("Network transport: io_uring");
        } else if (ioUringAsked) {
            Throwable why = vertx.unavailableNativeTransportCause();
            LOG.warnf("Network transport: Java NIO, io_uring was asked for but is unavailable (%s)",
                    why != null ? why.getMessage() : "no native transport in the application");
        } else {
            LOG.info("Network transport: Java NIO");
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
