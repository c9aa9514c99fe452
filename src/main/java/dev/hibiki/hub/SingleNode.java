package dev.hibiki.hub;

import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.enterprise.context.ApplicationScoped;

/** No other nodes: the default, in-memory hub. */
@ApplicationScoped
@LookupUnlessProperty(name = "hibiki.cluster.mode", stringValue = "redis", lookupIfMissing = true)
public class SingleNode implements OtherNodes {

    @Override
    public int connections() {
        return 0;
    }

    @Override
    public void relay(Encoded frame, Client except) {
        // Nobody to tell.
    }
}
