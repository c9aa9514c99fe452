package dev.hibiki.testing.cluster;

import java.util.concurrent.TimeUnit;

/** Stopping the helper processes the cluster tests start (haproxy, redis-cli taps). */
final class Processes {

    private Processes() {
    }

    /** SIGTERM, then SIGKILL if it has not exited within 10 s; nothing if it is already gone. */
    static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
