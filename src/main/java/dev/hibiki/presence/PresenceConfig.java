package dev.hibiki.presence;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Presence notices (hub-wide `presence`, per-room `room_presence`). Each key and default is listed
 * in docs/CONFIGURATION.md; keep the two in step.
 */
@ConfigMapping(prefix = "hibiki.presence")
public interface PresenceConfig {

    /** Send hub-wide `presence` notices on connect/disconnect. Rooms' `room_presence` is not affected. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Coalescing window. The first change after a quiet window is sent at once as a single
     * notice; further changes within the window wait for its end and go out together as one
     * batch frame, so a connect storm costs each client at most one presence frame per window.
     */
    @WithDefault("250ms")
    Duration interval();

    /**
     * Hub size (connections, cluster-wide) above which no hub-wide `presence` is sent: every
     * client still gets `count`. A notice per person stops being useful to humans long before
     * this and its cost grows with the square of the hub.
     */
    @WithDefault("1000")
    int maxHubSize();

    /**
     * The most presence frames one hub-wide window or one room's window may cost per second:
     * the window stretches to audience ÷ this, so a storm's total frames grow linearly with its
     * size instead of with its square.
     */
    @WithDefault("20000")
    int framesPerSecond();

    /** Names listed in one batch frame per list (`joined`, `left`); the rest are only counted in `omitted`. */
    @WithDefault("100")
    int maxNames();

    /** The window for an audience of {@code recipients}: at least the interval, stretched to the frame budget. */
    default long windowMillis(int recipients) {
        long stretched = Math.max(interval().toMillis(), recipients * 1000L / Math.max(1, framesPerSecond()));
        return Math.max(1, stretched); // a timer needs at least 1 ms
    }
}
