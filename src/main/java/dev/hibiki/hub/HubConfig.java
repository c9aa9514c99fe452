package dev.hibiki.hub;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every operating knob of the hub core, in one place. Each key and default is listed in
 * docs/CONFIGURATION.md; keep the two in step.
 */
@ConfigMapping(prefix = "hibiki")
public interface HubConfig {

    /** Name of this node, shown in welcome and status; defaults to the host name. */
    Optional<String> node();

    Ticks ticks();

    Count count();

    Limits limits();

    Heartbeat heartbeat();

    Shutdown shutdown();

    interface Shutdown {
        /**
         * The `reconnect_ms` sent in the `shutdown` frame: clients wait this long plus a random
         * share of it again, so a restarting fleet is not hit by every client at once.
         */
        @WithDefault("1000")
        int reconnectMs();

        /** How long shutdown waits for queued frames to flush and connections to close. */
        @WithDefault("5s")
        Duration drainTimeout();
    }

    interface Heartbeat {
        /** How often the server pings every connection. */
        @WithDefault("25s")
        Duration interval();

        /**
         * A connection that has sent nothing (not even a pong) for this long is dead (half-open
         * TCP, a vanished laptop): it is dropped, leaves its rooms, and counts are corrected.
         */
        @WithDefault("60s")
        Duration timeout();
    }

    interface Ticks {
        /** Period of the server-generated tick event; "off" disables it. */
        @WithDefault("10s")
        String every();
    }

    interface Count {
        /**
         * Coalescing window for `count` frames: during a connection storm each client gets at most
         * one `count` per window (the last one always exact) instead of one per connect, which
         * would be N² frames. 0 sends one per change.
         */
        @WithDefault("100ms")
        Duration interval();

        /**
         * The most `count` frames this node sends per second: the window stretches to connections
         * ÷ this (20,000 connections: one count a second), so the total stays linear in the hub.
         */
        @WithDefault("20000")
        int framesPerSecond();
    }

    interface Limits {
        /** Largest accepted inbound frame in bytes (UTF-8); larger gets `too_large` then close 1009. */
        @WithDefault("65536")
        int maxMessageBytes();

        /** Token-bucket refill rate of inbound frames per connection, per second. */
        @WithDefault("200")
        int ratePerSecond();

        /** Token-bucket size: the burst a connection may send at once. */
        @WithDefault("400")
        int rateBurst();

        /** Connections this node accepts; further upgrades get 503 with a JSON body. */
        @WithDefault("20000")
        int maxConnections();

        /** Connections from one client address; further upgrades get 429. */
        @WithDefault("1000")
        int maxConnectionsPerAddress();

        /** Rooms a single connection may be in at once. */
        @WithDefault("100")
        int maxRoomsPerConnection();

        /** Members a single room may hold. */
        @WithDefault("10000")
        int maxMembersPerRoom();

        /**
         * Bytes queued for one connection and not yet written to its socket. A client that stops
         * reading while messages flow is closed (code 4008) once it passes this, so one slow
         * reader cannot grow the server's memory.
         */
        @WithDefault("1048576")
        long maxOutboundBytes();
    }
}
