package dev.hibiki.cluster;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Encoded;
import dev.hibiki.hub.FanOut;
import dev.hibiki.hub.Json;
import dev.hibiki.hub.Outbound;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

/**
 * Carries hub-wide fan-outs to the other nodes in cluster mode: the frame is encoded once here,
 * delivered locally as that same string, and relayed. Deliveries to given local recipients (room
 * members, counts) stay local; features that span nodes relay those themselves. Inside the
 * metrics decorator (priority 10), so metrics see the original frame.
 */
@Decorator
@Priority(20)
public class ClusterFanOut implements FanOut {

    private final FanOut delegate;
    private final Relay relay;
    private final Json json;

    @Inject
    ClusterFanOut(@Delegate FanOut delegate, Relay relay, Json json) {
        this.delegate = delegate;
        this.relay = relay;
        this.json = json;
    }

    @Override
    public int everyone(Outbound frame, Client except) {
        if (!relay.active()) {
            return delegate.everyone(frame, except);
        }
        Encoded encoded = Encoded.of(frame, json.encode(frame));
        int delivered = delegate.everyone(encoded, except);
        relay.relay(encoded, except);
        return delivered;
    }

    @Override
    public int recipients(Iterable<Client> recipients, Outbound frame, Client except) {
        return delegate.recipients(recipients, frame, except);
    }
}
