package dev.hibiki.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time and resident memory of a process, from the operating system (Linux {@code /proc}).
 * Used for the server (when its pid is given) and for the generator itself.
 */
public final class ProcStats {

    public record Sample(long nanos, long cpuNanos, long rssKb) {
    }

    private final long pid;

    public ProcStats(long pid) {
        this.pid = pid;
    }

    public static ProcStats self() {
        return new ProcStats(ProcessHandle.current().pid());
    }

    public long pid() {
        return pid;
    }

    /** Null when the process is gone or not readable. */
    public Sample sample() {
        long cpu = ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
        if (cpu < 0) {
            return null;
        }
        return new Sample(System.nanoTime(), cpu, rssKb());
    }

    private long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone: RSS unknown
        }
        return -1;
    }
}
