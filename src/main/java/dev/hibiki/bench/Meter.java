package dev.hibiki.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What the generator counts, written from every event loop without locks: latencies in a
 * HdrHistogram {@link Recorder} (microseconds), and plain adders for the counters.
 */
final class Meter {

    static final long MAX_LATENCY_US = TimeUnit.SECONDS.toMicros(120);

    final Recorder latency = new Recorder(MAX_LATENCY_US, 3);
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    /** Deliveries the sends so far should produce (for losses); the scenario adds to it. */
    final LongAdder expected = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    final LongAdder otherFrames = new LongAdder();

    /** A measured frame arrived; {@code sentAt} is the {@link System#nanoTime()} carried in its text. */
    void delivered(long sentAt) {
        received.increment();
        long us = (System.nanoTime() - sentAt) / 1000;
        latency.recordValue(Math.max(0, Math.min(us, MAX_LATENCY_US)));
    }

    long errorsTotal() {
        return errors.sum() + connectFailures.sum() + unexpectedCloses.sum();
    }
}
