package dev.hibiki.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hibiki.cli.ClientCli;
import dev.hibiki.cli.ClientFailure;
import dev.hibiki.cli.ExitCode;
import dev.hibiki.cli.Target;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Entry point of {@code hibiki bench}: connect (in batches), warm up, measure, drain, report.
 * Like the client it runs without the Quarkus boot and returns its exit code.
 */
public final class BenchCli {

    private BenchCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        BenchOptions options;
        List<Target> targets = new ArrayList<>();
        Target publisher;
        try {
            options = BenchOptions.parse(args);
            if (options.help()) {
                out.println(BenchOptions.USAGE);
                return ExitCode.OK;
            }
            for (String url : options.url().split(",")) {
                targets.add(Fleet.target(url.trim(), options.token()));
            }
            publisher = options.publishUrl() == null ? null : Fleet.target(options.publishUrl(), options.token());
        } catch (ClientFailure e) {
            err.println("hibiki bench: " + e.getMessage());
            return e.exitCode();
        }
        PrintStream progress = options.json() ? err : out;
        Vertx vertx = ClientCli.newVertx(options.eventLoops());
        try {
            BenchResult result = new Run(options, targets, publisher, vertx, progress, "hibiki bench " + String.join(" ", args)).execute();
            if (options.json()) {
                out.println(json().writeValueAsString(result));
            } else {
                Summary.print(result, out);
            }
            if (options.html() != null) {
                Files.writeString(options.html(), HtmlReport.render(result, json().writeValueAsString(result)));
                progress.println("HTML report: " + options.html().toAbsolutePath());
            }
            if (result.connected() == 0) {
                err.println("hibiki bench: no connection could be opened to " + options.url());
                return ExitCode.UNREACHABLE;
            }
            return result.lost() > 0 || result.errors() > 0 ? ExitCode.STEP_FAILED : ExitCode.OK;
        } catch (JsonProcessingException e) {
            err.println("hibiki bench: cannot write the summary: " + e.getOriginalMessage());
            return ExitCode.STEP_FAILED;
        } catch (IOException e) {
            err.println("hibiki bench: cannot write the report: " + e.getMessage());
            return ExitCode.STEP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.STEP_FAILED;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        }
    }

    static ObjectMapper json() {
        return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** One run: the phases and the per-second sampling that feeds the progress lines and the timeline. */
    private static final class Run {
        private final BenchOptions o;
        private final List<Target> targets;
        private final Target publisher;
        private final PrintStream progress;
        private final String command;
        private final Meter meter = new Meter();
        private final Fleet fleet;
        private final Scenario scenario;
        private final ProcStats server;
        private final ProcStats self = ProcStats.self();
        private final Histogram measured = new Histogram(Meter.MAX_LATENCY_US, 3);
        private final List<BenchResult.Second> timeline = new ArrayList<>();
        private Histogram interval;
        private ProcStats.Sample lastServer;
        private ProcStats.Sample lastSelf;
        private long lastSent;
        private long lastReceived;
        private int second;

        Run(BenchOptions o, List<Target> targets, Target publisher, Vertx vertx, PrintStream progress, String command) {
            this.o = o;
            this.targets = targets;
            this.publisher = publisher;
            this.progress = progress;
            this.command = command;
            this.fleet = new Fleet(vertx, o, o.eventLoops(), meter);
            this.scenario = Scenario.of(o, meter);
            this.server = o.serverPid() > 0 ? new ProcStats(o.serverPid()) : null;
        }

        BenchResult execute() throws InterruptedException {
            ProcStats.Sample serverBefore = server == null ? null : server.sample();
            if (server != null && serverBefore == null) {
                progress.println("warning: cannot read /proc for pid " + o.serverPid() + "; no server figures");
            }
            progress.printf("%s: %s against %s, %d connections%s%n", o.label(), o.scenario().name().toLowerCase(), o.url(),
                    scenario.connections(), o.rate() > 0 && o.scenario() != Scenario.Kind.IDLE ? ", " + o.rate() + " msg/s" : "");
            int connected;
            if (publisher != null && o.scenario() == Scenario.Kind.BROADCAST) {
                // The publisher is the last connection: subscribers first, then it, on its own node.
                connected = fleet.open(targets, scenario.connections() - 1, o.rampBatch(), o.rampIntervalMs(), scenario, progress)
                        + fleet.open(List.of(publisher), 1, 1, 0, scenario, progress);
            } else {
                connected = fleet.open(targets, scenario.connections(), o.rampBatch(), o.rampIntervalMs(), scenario, progress);
            }
            progress.printf("  connected %d/%d (%d failed%s)%n", connected, scenario.connections(), meter.connectFailures.sum(),
                    fleet.firstFailure.get() == null ? "" : ", first: " + fleet.firstFailure.get());
            scenario.prepare(fleet);
            ProcStats.Sample serverConnected = sampleServer();
            lastServer = serverConnected;
            lastSelf = self.sample();
            interval = meter.latency.getIntervalHistogram();
            scenario.start(fleet);
            seconds("warmup", o.warmup(), false);
            // Only what follows the warm-up counts: fresh histogram, fresh counters, CPU from here.
            meter.latency.reset();
            measured.reset();
            long sent0 = meter.sent.sum();
            long received0 = meter.received.sum();
            ProcStats.Sample serverStart = sampleServer();
            ProcStats.Sample selfStart = self.sample();
            long start = System.nanoTime();
            seconds("measure", o.duration(), true);
            long end = System.nanoTime();
            ProcStats.Sample serverEnd = sampleServer();
            ProcStats.Sample selfEnd = self.sample();
            long received1 = meter.received.sum();
            long sent1 = meter.sent.sum();
            scenario.stop(fleet);
            drain();
            ProcStats.Sample serverFinal = sampleServer();
            fleet.close();

            double window = (end - start) / 1e9;
            long windowReceived = received1 - received0;
            long unitsDone = o.scenario() == Scenario.Kind.IDLE ? connected : windowReceived;
            long lost = Math.max(0, meter.expected.sum() - meter.received.sum());
            return new BenchResult(o.label(), o.scenario().name().toLowerCase(), o.url(), command, scenario.connections(), connected,
                    o.scenario() == Scenario.Kind.IDLE ? 0 : o.rate(), o.scenario() == Scenario.Kind.ROOM ? o.rooms() : 0, o.deflate(),
                    o.warmup(), round(window), sent1 - sent0, meter.expected.sum(), meter.received.sum(), lost, meter.errorsTotal(),
                    new BenchResult.Errors(meter.errors.sum(), meter.connectFailures.sum(), meter.unexpectedCloses.sum()),
                    round(windowReceived / Math.max(window, 1e-9)), latency(), buckets(),
                    new BenchResult.Generator(o.eventLoops(), cpuSeconds(selfStart, selfEnd), cpuPercent(selfStart, selfEnd),
                            jitSeconds(selfStart, selfEnd)),
                    serverFigures(serverBefore, serverConnected, serverStart, serverEnd, serverFinal, unitsDone, connected),
                    timeline);
        }

        private ProcStats.Sample sampleServer() {
            return server == null ? null : server.sample();
        }

        /** Runs a phase for {@code seconds}, one progress line and one timeline point per second. */
        private void seconds(String phase, double seconds, boolean keep) throws InterruptedException {
            long begin = System.nanoTime();
            long stop = begin + (long) (seconds * 1e9);
            long next = begin;
            while (true) {
                long now = System.nanoTime();
                if (now >= stop) {
                    break;
                }
                next = Math.min(stop, next + TimeUnit.SECONDS.toNanos(1));
                TimeUnit.NANOSECONDS.sleep(next - now);
                tick(phase, keep);
            }
        }

        private void drain() throws InterruptedException {
            if (o.scenario() == Scenario.Kind.IDLE) {
                return;
            }
            long stop = System.nanoTime() + (long) (o.drain() * 1e9);
            while (meter.received.sum() < meter.expected.sum() && System.nanoTime() < stop) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            tick("drain", true);
        }

        private void tick(String phase, boolean keep) {
            interval = meter.latency.getIntervalHistogram(interval);
            if (keep) {
                measured.add(interval);
            }
            ProcStats.Sample s = sampleServer();
            ProcStats.Sample g = self.sample();
            long sent = meter.sent.sum();
            long received = meter.received.sum();
            double serverCpu = cpuPercent(lastServer, s);
            double genCpu = cpuPercent(lastSelf, g);
            BenchResult.Second point = new BenchResult.Second(++second, phase, sent - lastSent, received - lastReceived,
                    ms(interval.getValueAtPercentile(50)), ms(interval.getValueAtPercentile(99)), ms(interval.getMaxValue()),
                    round(serverCpu), s == null ? -1 : s.rssKb(), round(genCpu));
            timeline.add(point);
            progress.printf("[%3ds] %-7s sent %7d/s  recv %8d/s  p50 %7.2f  p99 %7.2f  max %7.2f ms  errors %d%s  gen cpu %3.0f%%%n",
                    point.t(), phase, point.sent(), point.received(), point.p50(), point.p99(), point.max(), meter.errorsTotal(),
                    s == null ? "" : String.format("  server cpu %3.0f%% rss %d MB", serverCpu, s.rssKb() / 1024), genCpu);
            lastServer = s;
            lastSelf = g;
            lastSent = sent;
            lastReceived = received;
        }

        private BenchResult.Latency latency() {
            Histogram h = measured;
            return new BenchResult.Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                    h.getTotalCount() == 0 ? 0 : round(h.getMean() / 1000.0));
        }

        /** Log-spaced buckets (first 50 µs, then ×1.5) of the measured latencies, for the histogram chart. */
        private List<BenchResult.Bucket> buckets() {
            List<BenchResult.Bucket> list = new ArrayList<>();
            if (measured.getTotalCount() == 0) {
                return list;
            }
            for (org.HdrHistogram.HistogramIterationValue v : measured.logarithmicBucketValues(50, 1.5)) {
                list.add(new BenchResult.Bucket(ms(v.getValueIteratedTo()), v.getCountAddedInThisIterationStep()));
            }
            return list;
        }

        private BenchResult.Server serverFigures(ProcStats.Sample before, ProcStats.Sample connectedSample, ProcStats.Sample start,
                ProcStats.Sample end, ProcStats.Sample last, long units, int connected) {
            if (before == null || start == null || end == null) {
                return null;
            }
            double cpu = cpuSeconds(start, end);
            double jit = jitSeconds(start, end);
            boolean idle = o.scenario() == Scenario.Kind.IDLE;
            long rssEnd = last == null ? end.rssKb() : last.rssKb();
            long rssLoaded = idle ? end.rssKb() : connectedSample.rssKb();
            return new BenchResult.Server(server.pid(), cpu, cpuPercent(start, end),
                    units == 0 ? 0 : round(cpu * 1e6 / units), jit, units == 0 ? 0 : round((cpu - jit) * 1e6 / units),
                    o.scenario().unit, before.rssKb(), connectedSample.rssKb(), rssEnd,
                    connected == 0 ? 0 : round((double) (rssLoaded - before.rssKb()) / connected));
        }
    }

    static double cpuSeconds(ProcStats.Sample a, ProcStats.Sample b) {
        return a == null || b == null ? 0 : round((b.cpuNanos() - a.cpuNanos()) / 1e9);
    }

    static double jitSeconds(ProcStats.Sample a, ProcStats.Sample b) {
        return a == null || b == null ? 0 : round((b.jitCpuNanos() - a.jitCpuNanos()) / 1e9);
    }

    static double cpuPercent(ProcStats.Sample a, ProcStats.Sample b) {
        if (a == null || b == null || b.nanos() <= a.nanos()) {
            return 0;
        }
        return 100.0 * (b.cpuNanos() - a.cpuNanos()) / (b.nanos() - a.nanos());
    }

    static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
