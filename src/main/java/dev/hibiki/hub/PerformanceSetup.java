package dev.hibiki.hub;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Hands the performance settings to the connections' write path before the first connection. */
@ApplicationScoped
class PerformanceSetup {

    void onStart(@Observes StartupEvent start, PerformanceConfig config) {
        Outlet.flushDelay(config.flushDelay().toNanos());
    }
}
