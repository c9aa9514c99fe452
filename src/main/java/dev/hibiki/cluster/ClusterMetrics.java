package dev.hibiki.cluster;

import io.micrometer.core.instrument.Counter;
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
        relayed = Counter.builder("hibiki.cluster.relayed").description("Hub-wide frames sent to the other nodes")
                .register(registry);
        notRelayed = Counter.builder("hibiki.cluster.relay.dropped")
                .description("Hub-wide frames delivered locally only, because Redis was down")
                .register(registry);
    }

    void relayed(boolean sent) {
        Counter counter = sent ? relayed : notRelayed;
        if (counter != null) {
            counter.increment();
        }
    }
}
