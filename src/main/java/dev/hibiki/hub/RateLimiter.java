package dev.hibiki.hub;

/**
 * A token bucket per connection: {@code burst} frames at once, refilled at {@code perSecond}.
 * A connection's frames are handled one at a time, but methods are synchronized so the bucket
 * stays correct whatever thread runs them.
 */
final class RateLimiter {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;
    private int refusedInARow;

    RateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1_000_000_000.0;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Takes a token; returns false when the connection is over its rate. */
    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        return false;
    }

    /** Frames refused since the last accepted one: how sustained the abuse is. */
    synchronized int refusedInARow() {
        return refusedInARow;
    }
}
