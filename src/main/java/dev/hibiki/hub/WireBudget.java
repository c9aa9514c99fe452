package dev.hibiki.hub;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Checks at start-up that the message limit and the outbound buffer agree: every frame the server
 * sends must fit in half of {@code hibiki.limits.max-outbound-bytes}, so a client is only ever closed
 * as slow (4008) when more than half its budget was already waiting unread, never for one frame the
 * server chose to send. A frame made from one inbound message (an echo, a broadcast, a room message,
 * from /ws or REST) is at most {@value #GROWTH} times that message plus an envelope: strings come out
 * as they came in, but a number is written back in Java's form ({@code 1e6} as {@code 1000000.0}).
 */
@ApplicationScoped
public class WireBudget {

    /** How much larger than its message a frame can get (the number {@code 1e6} comes back 3 times longer). */
    public static final int GROWTH = 3;
    /** Room for what a frame adds to its message: type, sender, time stamp, room and sequence. */
    public static final int ENVELOPE = 4096;

    void check(@Observes StartupEvent start, HubConfig config) {
        HubConfig.Limits limits = config.limits();
        long largest = (long) GROWTH * limits.maxMessageBytes() + ENVELOPE;
        if (largest > limits.maxOutboundBytes() / 2) {
            throw new IllegalStateException("hibiki.limits.max-outbound-bytes (" + limits.maxOutboundBytes()
                    + ") must be at least twice the largest frame a message can become (" + GROWTH
                    + " x hibiki.limits.max-message-bytes + " + ENVELOPE + " = " + largest + ")");
        }
    }
}
