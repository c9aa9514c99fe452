package dev.hibiki.hub;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Trade-offs between CPU per delivery and latency, off unless chosen (docs/BENCHMARKS.md). */
@ConfigMapping(prefix = "hibiki.performance")
public interface PerformanceConfig {

    /**
     * How long frames written to a connection may wait to leave together in one system call.
     * 0 (the default) flushes at the end of the event-loop turn that wrote them, which already
     * groups every frame produced in that turn and adds no waiting. A few milliseconds group the
     * frames of successive broadcasts too, which saves most of the kernel's per-write cost when a
     * connection receives many small frames per second, at the price of that much added latency.
     */
    @WithDefault("0ms")
    Duration flushDelay();

    /**
     * Slots in the first chunk of each per-connection Mutiny queue (websockets-next's callback
     * queue), applied as the {@code mutiny.buffer-size.s} system property unless that is set
     * already. Mutiny's default, 256, costs about 1 KB per connection; 16 is Mutiny's minimum.
     */
    @WithDefault("16")
    int mutinyQueueChunk();
}
