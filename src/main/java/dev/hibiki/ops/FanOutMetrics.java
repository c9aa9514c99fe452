package dev.hibiki.ops;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.FanOut;
import dev.hibiki.hub.Outbound;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

/**
 * Measures every fan-out, whichever {@link FanOut} implementation is active (in-memory or a
 * cluster one), without that implementation knowing: latency, recipients and frames by type.
 */
@Decorator
@Priority(10)
public class FanOutMetrics implements FanOut {

    /**
     * Nesting depth on this thread. ArC decorates by subclassing, so an implementation whose
     * everyone() calls its own recipients() passes through here twice; only the outer call counts.
     */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final FanOut delegate;
    private final HubMetrics metrics;

    @Inject
    FanOutMetrics(@Delegate FanOut delegate, HubMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public int everyone(Outbound frame, Client except) {
        int[] depth = DEPTH.get();
        long start = System.nanoTime();
        depth[0]++;
        try {
            int delivered = delegate.everyone(frame, except);
            if (depth[0] == 1) {
                metrics.fannedOut(frame, delivered, System.nanoTime() - start);
            }
            return delivered;
        } finally {
            depth[0]--;
        }
    }

    @Override
    public int recipients(Iterable<Client> recipients, Outbound frame, Client except) {
        int[] depth = DEPTH.get();
        long start = System.nanoTime();
        depth[0]++;
        try {
            int delivered = delegate.recipients(recipients, frame, except);
            if (depth[0] == 1) {
                metrics.fannedOut(frame, delivered, System.nanoTime() - start);
            }
            return delivered;
        } finally {
            depth[0]--;
        }
    }
}
