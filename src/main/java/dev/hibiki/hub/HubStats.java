package dev.hibiki.hub;

import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

/** Cumulative traffic counters, read by `status`, the admin page and the metrics. */
@ApplicationScoped
public class HubStats {

    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder slowClientCloses = new LongAdder();
    private final LongAdder rateLimitCloses = new LongAdder();

    void frameIn() {
        framesIn.increment();
    }

    void framesOut(int deliveries) {
        framesOut.add(deliveries);
    }

    void slowClientClosed() {
        slowClientCloses.increment();
    }

    void rateLimitClosed() {
        rateLimitCloses.increment();
    }

    public long messagesIn() {
        return framesIn.sum();
    }

    public long messagesOut() {
        return framesOut.sum();
    }

    public long slowClientCloses() {
        return slowClientCloses.sum();
    }

    public long rateLimitCloses() {
        return rateLimitCloses.sum();
    }
}
