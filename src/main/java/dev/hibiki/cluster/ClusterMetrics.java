package dev.hibiki.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Cluster meters at /q/metrics, registered in redis mode only (docs/OPERATIONS.md). */
@ApplicationScoped
public class ClusterMetrics {

    private final MeterRegistry registry;
    private final Cluster cluster;
    private final Nodes nodes;
    private volatile Counter relayed;
    private volatile Counter notRelayed;
    private volatile Counter gapsRefilled;
    private volatile Counter gapsLost;
    private volatile Counter hubMissed;

    ClusterMetrics(MeterRegistry registry, Cluster cluster, Nodes nodes) {
        this.registry = registry;
        this.cluster = cluster;
        this.nodes = nodes;
    }

    void register(@Observes StartupEvent event) {
        if (!cluster.enabled()) {
            return;
        }
        Gauge.builder("hibiki.cluster.redis.up", cluster, c -> c.up() ? 1 : 0)
                .description("1 while this node is connected to Redis and subscribed, else 0 (degraded)")
                .register(registry);
        Gauge.builder("hibiki.cluster.peers", nodes, Nodes::peers)
                .description("Other live nodes this node hears from")
                .register(registry);
        Gauge.builder("hibiki.cluster.room.channels", cluster, Cluster::subscriptions)
                .description("Room channels this node is subscribed to (rooms with members here, plus those emptied under a second ago)")
                .register(registry);
        Gauge.builder("hibiki.cluster.text.channels", cluster, Cluster::textSubscriptions)
                .description("Shared documents' channels this node is subscribed to (every document of the cluster)")
                .register(registry);
        // One meter, three tags: the sum is the node's intake; the room part is its own rooms' traffic.
        String intake = "Frames this node received from Redis, by channel: the hub channel, its room channels or the documents' channels";
        FunctionCounter.builder("hibiki.cluster.intake", cluster, Cluster::hubIntake).tag("channel", "hub")
                .description(intake)
                .register(registry);
        FunctionCounter.builder("hibiki.cluster.intake", cluster, Cluster::roomIntake).tag("channel", "room")
                .description(intake)
                .register(registry);
        FunctionCounter.builder("hibiki.cluster.intake", cluster, Cluster::textIntake).tag("channel", "text")
                .description(intake)
                .register(registry);
        FunctionCounter.builder("hibiki.cluster.resubscribes", cluster, Cluster::resubscribes)
                .description("Room and document channels subscribed again after a reconnect, failover or resharding")
                .register(registry);
        gapsRefilled = Counter.builder("hibiki.cluster.gaps").tag("outcome", "refilled")
                .description("Seq gaps in a room's channel read back from its history")
                .register(registry);
        gapsLost = Counter.builder("hibiki.cluster.gaps").tag("outcome", "lost")
                .description("Seq gaps no longer in the history: the room's members here were told recovered:false")
                .register(registry);
        hubMissed = Counter.builder("hibiki.cluster.hub.missed")
                .description("Hub-wide frames of other nodes this node missed (seq gaps on the hub channel); its clients were told with a missed frame")
                .register(registry);
        relayed = Counter.builder("hibiki.cluster.relayed").description("Hub-wide frames sent to the other nodes")
                .register(registry);
        notRelayed = Counter.builder("hibiki.cluster.relay.dropped")
                .description("Hub-wide frames delivered locally only, because Redis was down")
                .register(registry);
    }

    /** A gap in a room channel was read back ({@code true}) or could not be and members were told. */
    public void gapRefilled(boolean refilled) {
        Counter counter = refilled ? gapsRefilled : gapsLost;
        if (counter != null) {
            counter.increment();
        }
    }

    /** {@code frames} hub-wide frames of another node never reached this node. */
    void hubMissed(long frames) {
        Counter counter = hubMissed;
        if (counter != null) {
            counter.increment(frames);
        }
    }

    void relayed(boolean sent) {
        Counter counter = sent ? relayed : notRelayed;
        if (counter != null) {
            counter.increment();
        }
    }
}
