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

    /**
     * {@code jitCpuNanos} is the part spent by the JVM's JIT compiler threads: on a busy shared
     * machine the warm-up stretches out, and this lets the report show the steady-state cost
     * apart from compilation (0 for processes without such threads).
     */
    public record Sample(long nanos, long cpuNanos, long jitCpuNanos, long rssKb) {
    }

    /** Linux reports thread CPU in clock ticks, 100 per second on every common configuration. */
    private static final long NANOS_PER_TICK = 10_000_000L;

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
        return new Sample(System.nanoTime(), cpu, jitCpuNanos(), rssKb());
    }

    private long jitCpuNanos() {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        String stat = Files.readString(task.resolve("stat"));
                        // Fields after the command name (which may hold spaces): state is field 3,
                        // utime and stime are fields 14 and 15.
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
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
