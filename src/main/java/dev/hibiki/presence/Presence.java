package dev.hibiki.presence;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.ClientClosed;
import dev.hibiki.hub.ClientOpened;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.Outbound;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Hub-wide presence: tells everyone who came and went, at a cost linear in the hub. A lone change
 * goes out at once as a `presence` notice and opens a window; the changes that follow within it
 * go out together at its end as one `presence_batch`. Above {@code max-hub-size} nothing is sent
 * (the hub's `count` carries the news). In cluster mode each node announces its own clients and
 * the cluster fan-out carries the frames to the other nodes.
 */
@ApplicationScoped
public class Presence {

    private final Hub hub;
    private final PresenceConfig config;
    private final Vertx vertx;
    private final Object lock = new Object();
    /** Changes waiting for the end of the open window; null while no window is open. */
    private Changes pending;

    Presence(Hub hub, PresenceConfig config, Vertx vertx) {
        this.hub = hub;
        this.config = config;
        this.vertx = vertx;
    }

    void opened(@Observes ClientOpened event) {
        if (config.enabled()) {
            changed(event.client(), true);
        }
    }

    void closed(@Observes ClientClosed event) {
        // While draining everyone is leaving: nobody is left to tell.
        if (config.enabled() && !hub.draining()) {
            changed(event.client(), false);
        }
    }

    private void changed(Client client, boolean joined) {
        if (hub.connections() > config.maxHubSize()) {
            return; // nothing would be sent: a large hub's storm costs no bookkeeping either
        }
        synchronized (lock) {
            if (pending != null) {
                if (joined) {
                    pending.joined(client.who(), client);
                } else {
                    pending.left(client.who());
                }
                return;
            }
            pending = new Changes();
            vertx.setTimer(config.windowMillis(hub.localConnections()), timer -> endWindow());
        }
        send(new PresenceFrames.Notice(joined ? "connect" : "disconnect", client.who()), joined ? client : null);
    }

    private void endWindow() {
        Changes changes;
        synchronized (lock) {
            changes = pending;
            if (changes.isEmpty()) {
                pending = null;
                return;
            }
            pending = new Changes();
            vertx.setTimer(config.windowMillis(hub.localConnections()), timer -> endWindow());
        }
        Changes.Change single = changes.single();
        if (single != null) {
            send(new PresenceFrames.Notice(single.joined() ? "connect" : "disconnect", single.who()), single.client());
        } else {
            int max = config.maxNames();
            send(new PresenceFrames.Batch(changes.joined(max), changes.left(max), changes.omitted(max)), null);
        }
    }

    private void send(Outbound frame, Client except) {
        if (hub.connections() <= config.maxHubSize()) {
            hub.everyone(frame, except);
        }
    }
}
