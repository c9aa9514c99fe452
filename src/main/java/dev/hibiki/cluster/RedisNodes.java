package dev.hibiki.cluster;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Encoded;
import dev.hibiki.hub.OtherNodes;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;

/** The other nodes in cluster mode: counts from {@link Nodes}, hub-wide frames through {@link Relay}. */
@ApplicationScoped
@LookupIfProperty(name = "hibiki.cluster.mode", stringValue = "redis")
public class RedisNodes implements OtherNodes {

    private final Nodes nodes;
    private final Relay relay;

    RedisNodes(Nodes nodes, Relay relay) {
        this.nodes = nodes;
        this.relay = relay;
    }

    @Override
    public int connections() {
        return nodes.peerConnections();
    }

    @Override
    public void relay(Encoded frame, Client except) {
        relay.relay(frame, except);
    }
}
