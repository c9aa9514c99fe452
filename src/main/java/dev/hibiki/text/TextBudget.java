package dev.hibiki.text;

import dev.hibiki.hub.HubConfig;
import dev.hibiki.hub.WireBudget;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Checks at start-up that a whole-document frame fits in half a connection's outbound buffer, like
 * every other frame ({@link WireBudget}): the {@code text} frame carries the document
 * ({@code hibiki.text.max-bytes}) and the request's {@code id} (at most a message).
 */
@ApplicationScoped
class TextBudget {

    void check(@Observes StartupEvent start, TextConfig text, HubConfig hub) {
        HubConfig.Limits limits = hub.limits();
        long largest = text.maxBytes() + limits.maxMessageBytes() + WireBudget.ENVELOPE;
        if (largest > limits.maxOutboundBytes() / 2) {
            throw new IllegalStateException("hibiki.limits.max-outbound-bytes (" + limits.maxOutboundBytes()
                    + ") must be at least twice the largest text frame (hibiki.text.max-bytes + "
                    + "hibiki.limits.max-message-bytes + " + WireBudget.ENVELOPE + " = " + largest + ")");
        }
    }
}
