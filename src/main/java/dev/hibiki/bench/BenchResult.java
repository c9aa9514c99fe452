package dev.hibiki.bench;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The summary of one run, as printed with {@code --json} and embedded in the HTML report. */
@RegisterForReflection
public record BenchResult(String label, String scenario, String url, String command, int connections, int connected,
        double offeredRate, int rooms, boolean deflate, double warmupSeconds, double measuredSeconds,
        long sent, long expected, long received, long lost, long errors, Errors errorKinds, double throughputPerSecond,
        Latency latencyMs, List<Bucket> histogram, Generator generator, Server server, List<Second> timeline) {

    /** What the errors were: error frames from the server, failed connects, connections closed under us. */
    @RegisterForReflection
    public record Errors(long errorFrames, long connectFailures, long unexpectedCloses) {
    }

    /** Round-trip (echo) or delivery latency of the messages measured after the warm-up, in ms. */
    @RegisterForReflection
    public record Latency(long count, double p50, double p95, double p99, double p999, double max, double mean) {
    }

    /** Latency distribution: how many measured messages took at most {@code upToMs} (and more than the bucket before). */
    @RegisterForReflection
    public record Bucket(double upToMs, long count) {
    }

    /** The generator's own cost: is it the bottleneck? */
    @RegisterForReflection
    public record Generator(int eventLoops, double cpuSeconds, double cpuPercentOfOneCore, double jitCpuSeconds) {
    }

    /** Server figures from /proc, when {@code --server-pid} was given (null otherwise). */
    @RegisterForReflection
    public record Server(long pid, double cpuSeconds, double cpuPercentOfOneCore, double cpuMicrosPerUnit,
            double jitCpuSeconds, double cpuMicrosPerUnitWithoutJit, String unit,
            long rssBeforeKb, long rssConnectedKb, long rssEndKb, double kbPerConnection) {
    }

    /** One second of the run, for the progress line and the timeline chart. */
    @RegisterForReflection
    public record Second(int t, String phase, long sent, long received, double p50, double p99, double max,
            double serverCpuPercent, long serverRssKb, double generatorCpuPercent) {
    }
}
