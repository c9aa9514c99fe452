package dev.hibiki.bench;

import java.io.PrintStream;

/** The human-readable summary printed at the end of a run. */
final class Summary {

    private Summary() {
    }

    static void print(BenchResult r, PrintStream out) {
        out.println();
        out.printf("== %s: %s, %d/%d connections%s%s ==%n", r.label(), r.scenario(), r.connected(), r.connections(),
                r.rooms() > 0 ? " in " + r.rooms() + " rooms" : "", r.deflate() ? ", permessage-deflate offered" : "");
        out.println("command:     " + r.command());
        if (!r.scenario().equals("idle")) {
            out.printf("offered:     %.0f msg/s for %.1f s after %.0f s warm-up%n", r.offeredRate(), r.measuredSeconds(), r.warmupSeconds());
            out.printf("sent:        %d (measured window)%n", r.sent());
            out.printf("throughput:  %.0f %s/s received%n", r.throughputPerSecond(), plural(unit(r)));
            out.printf("delivered:   %d of %d expected, lost %d%n", r.received(), r.expected(), r.lost());
            BenchResult.Latency l = r.latencyMs();
            out.printf("latency ms:  p50 %.2f  p95 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (mean %.2f, %d samples)%n",
                    l.p50(), l.p95(), l.p99(), l.p999(), l.max(), l.mean(), l.count());
        } else {
            out.printf("held:        %.1f s%n", r.measuredSeconds());
        }
        out.printf("errors:      %d (%d error frames, %d failed connects, %d connections closed by the server)%n", r.errors(),
                r.errorKinds().errorFrames(), r.errorKinds().connectFailures(), r.errorKinds().unexpectedCloses());
        out.printf("generator:   %.2f s CPU (%.0f%% of one core, %d event loops; JIT %.2f s)%n", r.generator().cpuSeconds(),
                r.generator().cpuPercentOfOneCore(), r.generator().eventLoops(), r.generator().jitCpuSeconds());
        BenchResult.Server s = r.server();
        if (s != null) {
            out.printf("server:      pid %d, %.2f s CPU (%.0f%% of one core)%s%n", s.pid(), s.cpuSeconds(), s.cpuPercentOfOneCore(),
                    s.cpuMicrosPerUnit() > 0 && !r.scenario().equals("idle")
                            ? String.format(", %.1f µs per %s (%.1f µs without the JIT's %.2f s)", s.cpuMicrosPerUnit(), s.unit(),
                                    s.cpuMicrosPerUnitWithoutJit(), s.jitCpuSeconds()) : "");
            out.printf("server RSS:  %d MB before, %d MB connected, %d MB at the end; %.1f KB per connection%n",
                    s.rssBeforeKb() / 1024, s.rssConnectedKb() / 1024, s.rssEndKb() / 1024, s.kbPerConnection());
        }
    }

    private static String plural(String unit) {
        return switch (unit) {
            case "delivery" -> "deliveries";
            case "echo" -> "echoes";
            default -> unit + "s";
        };
    }

    private static String unit(BenchResult r) {
        return r.server() != null ? r.server().unit() : r.scenario().equals("echo") ? "echo" : "delivery";
    }
}
