package dev.hibiki.testing.cluster;

import java.util.function.IntConsumer;

import dev.hibiki.testing.WsClient;

/**
 * A member publishing {@code m0 .. m(n-1)} to a room (or broadcasting them to the hub) at a steady
 * pace on its own thread, so that a disruption (a failover, a slot moving) lands in the middle of
 * the stream. The pause paces the stream; it does not wait for anything.
 */
public final class SteadyPublisher {

    private static final long PACE_MILLIS = 10;

    private final Thread thread;

    private SteadyPublisher(String name, int n, IntConsumer sendK) {
        thread = new Thread(() -> {
            for (int k = 0; k < n; k++) {
                sendK.accept(k);
                try {
                    Thread.sleep(PACE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "steady-publisher-" + name);
    }

    public static SteadyPublisher start(WsClient member, String room, int n) {
        return start(new SteadyPublisher(room, n, k -> member.send("publish", "room", room, "text", "m" + k)));
    }

    /** Broadcasts {@code m0 .. m(n-1)} to the whole hub. */
    public static SteadyPublisher broadcasts(WsClient sender, int n) {
        return start(new SteadyPublisher("broadcasts", n, k -> sender.send("broadcast", "text", "m" + k)));
    }

    private static SteadyPublisher start(SteadyPublisher publisher) {
        publisher.thread.start();
        return publisher;
    }

    /** Waits for the last message to be sent (at most 30 s). */
    public void finish() throws InterruptedException {
        thread.join(30_000);
    }
}
