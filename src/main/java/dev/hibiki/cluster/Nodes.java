package dev.hibiki.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.hibiki.hub.ClientClosed;
import dev.hibiki.hub.ClientOpened;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.HubConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

/**
 * The other live nodes and their connection counts, so the count every client sees is the
 * cluster's. Each node publishes its count on every change (coalesced like the count frames) and
 * as a heartbeat; a peer silent for {@code node-timeout} is dropped and the count corrected. A node
 * that starts or gets Redis back says hello, and every peer answers with its state at once.
 */
@ApplicationScoped
public class Nodes {

    static final String HELLO = "hello";
    static final String STATE = "node";
    static final String BYE = "bye";

    private static final Logger LOG = Logger.getLogger(Nodes.class);

    private record Peer(int connections, long seenNanos) {
    }

    private final Cluster cluster;
    private final Hub hub;
    private final HubConfig hubConfig;
    private final Vertx vertx;
    private final Event<NodeLeft> left;
    private final Event<NodeJoined> joined;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final AtomicBoolean statePending = new AtomicBoolean();

    Nodes(Cluster cluster, Hub hub, HubConfig hubConfig, Vertx vertx, Event<NodeLeft> left, Event<NodeJoined> joined) {
        this.cluster = cluster;
        this.hub = hub;
        this.hubConfig = hubConfig;
        this.vertx = vertx;
        this.left = left;
        this.joined = joined;
    }

    void start(@Observes StartupEvent event) {
        if (!cluster.enabled()) {
            return;
        }
        cluster.on(HELLO, this::onHello);
        cluster.on(STATE, this::onState);
        cluster.on(BYE, this::onBye);
        vertx.setPeriodic(cluster.config().heartbeat().toMillis(), timer -> {
            publishState();
            forgetSilentPeers();
        });
    }

    /** Says goodbye so peers stop counting this node at once instead of after the timeout. */
    void stop(@Observes ShutdownEvent event) {
        if (cluster.enabled()) {
            cluster.publishAndWait(Envelope.of(BYE, cluster.self(), ""), java.time.Duration.ofMillis(500));
        }
    }

    /** Live peers, not counting this node. */
    public int peers() {
        return peers.size();
    }

    /** Connections on the live peers, not counting this node's. */
    int peerConnections() {
        int total = 0;
        for (Peer peer : peers.values()) {
            total += peer.connections();
        }
        return total;
    }

    void onOpened(@Observes ClientOpened event) {
        localCountChanged();
    }

    void onClosed(@Observes ClientClosed event) {
        localCountChanged();
    }

    private void localCountChanged() {
        if (!cluster.enabled()) {
            return;
        }
        long window = hubConfig.count().interval().toMillis();
        if (window <= 0) {
            publishState();
        } else if (statePending.compareAndSet(false, true)) {
            vertx.setTimer(window, timer -> {
                statePending.set(false);
                publishState();
            });
        }
    }

    private void publishState() {
        cluster.publish(Envelope.of(STATE, cluster.self(), "", Integer.toString(hub.localConnections())));
    }

    private void onHello(Envelope hello) {
        publishState();
        if (!hello.origin().equals(cluster.self())) {
            LOG.infof("cluster: %s said hello", hello.origin());
            cluster.fireResync(false);
        }
    }

    private void onState(Envelope state) {
        if (state.origin().equals(cluster.self()) || state.args().isEmpty()) {
            return;
        }
        int connections;
        try {
            connections = Integer.parseInt(state.arg(0));
        } catch (NumberFormatException e) {
            return;
        }
        Peer before = peers.put(state.origin(), new Peer(connections, System.nanoTime()));
        if (before == null) {
            LOG.infof("cluster: %s joined", state.origin());
            joined.fire(new NodeJoined(state.origin()));
        }
        if (before == null || before.connections() != connections) {
            hub.countChanged();
        }
    }

    private void onBye(Envelope bye) {
        if (!bye.origin().equals(cluster.self())) {
            forget(bye.origin(), "left");
        }
    }

    private void forgetSilentPeers() {
        long timeout = cluster.config().nodeTimeout().toNanos();
        long now = System.nanoTime();
        peers.forEach((instance, peer) -> {
            if (now - peer.seenNanos() > timeout) {
                forget(instance, "not heard from for " + cluster.config().nodeTimeout().toSeconds() + " s");
            }
        });
    }

    private void forget(String instance, String why) {
        if (peers.remove(instance) != null) {
            LOG.infof("cluster: %s %s; no longer counted", instance, why);
            left.fire(new NodeLeft(instance));
            hub.countChanged();
        }
    }
}
