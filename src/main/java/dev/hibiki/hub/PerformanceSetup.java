package dev.hibiki.hub;

import java.util.Locale;

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
            @ConfigProperty(name = "quarkus.vertx.prefer-native-transport", defaultValue = "false") boolean nativeAsked) {
        logTransport(vertx, nativeAsked);
        Outlet.flushDelay(config.flushDelay().toNanos());
        // websockets-next makes one Mutiny queue per connection, whose first chunk has
        // mutiny.buffer-size.s slots (256 by default, about 1 KB per idle connection). Queued
        // callbacks per connection are few: a small first chunk grows when needed.
        if (System.getProperty(MUTINY_QUEUE) == null) {
            System.setProperty(MUTINY_QUEUE, Integer.toString(config.mutinyQueueChunk()));
        }
    }

    /**
     * Netty's epoll on Linux by default, Java NIO elsewhere or when switched off (docs/OPERATIONS.md,
     * "Network transport"): operators see which one they got, and a Linux host that could not load
     * epoll gets a warning, since it serves at a higher CPU cost than the figures we publish.
     */
    private static void logTransport(Vertx vertx, boolean nativeAsked) {
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("Network transport: epoll (Netty native)");
        } else if (!nativeAsked) {
            LOG.info("Network transport: Java NIO (quarkus.vertx.prefer-native-transport=false)");
        } else {
            Throwable why = vertx.unavailableNativeTransportCause();
            String cause = why != null ? why.getMessage() : "no native transport for this platform";
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                LOG.warnf("Network transport: Java NIO, epoll is unavailable (%s)", cause);
            } else {
                LOG.infof("Network transport: Java NIO, no native transport shipped for this platform (%s)", cause);
            }
        }
    }
}
