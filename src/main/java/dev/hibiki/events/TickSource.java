package dev.hibiki.events;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Decides whether this node emits the tick of the current interval, and its number: always, with a
 * local count, on a single node ({@link LocalTicks}); once for the whole cluster in cluster mode
 * ({@code dev.hibiki.events.cluster.RedisTicks}).
 */
public interface TickSource {

    /** Called once per interval by every node's scheduler; emits through {@code emit} when it is this node's turn. */
    void next(Duration interval, LongConsumer emit);
}
