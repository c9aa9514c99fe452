package dev.hibiki.hub;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * In-memory fan-out. The frame is encoded once, to JSON and then to the bytes of one WebSocket
 * frame, and every recipient writes a view of that same buffer. Recipients on the calling thread's
 * event loop are written to at once; those on another loop are handed over in one task per loop,
 * not one per recipient. Peers that speak a {@link Dialect} share one buffer per dialect, translated
 * once. Connections without the fast path get the frame through their peer's own send.
 */
@ApplicationScoped
public class LocalFanOut implements FanOut {

    private final Json json;
    private final Connections connections;
    private final HubStats stats;

    private final OtherNodes others;

    LocalFanOut(Json json, Connections connections, HubStats stats, Instance<OtherNodes> others) {
        this.json = json;
        this.connections = connections;
        this.stats = stats;
        this.others = others.get();
    }

    /**
     * Encodes the frame once, delivers it to this node's connections and hands the same string to
     * the other nodes (none on a single node), which deliver it to theirs.
     */
    @Override
    public int everyone(Outbound frame, Client except) {
        Encoded encoded = frame instanceof Encoded already ? already : Encoded.of(frame, json.encode(frame));
        int delivered = deliver(connections.all(), WireFrame.of(encoded.json()), except);
        others.relay(encoded, except);
        return delivered;
    }

    @Override
    public int recipients(Iterable<Client> recipients, Outbound frame, Client except) {
        return deliver(recipients, WireFrame.of(json.encode(frame)), except);
    }

    /**
     * Delivers an encoded frame to local recipients except {@code except}; returns the number of
     * deliveries queued (a recipient on another event loop that turns out to be too slow when its
     * loop gets to it is closed there, and still counted here). A cluster mode relaying a frame
     * from another node to many local connections should come here rather than call
     * {@link Client#sendEncoded} per connection.
     */
    public int deliver(Iterable<Client> recipients, WireFrame frame, Client except) {
        // One shared buffer per distinct wire form: the frame itself for native peers, and one
        // translation per dialect (cached on the frame) for the others. Almost always one or two.
        Shared shared = null;
        List<LoopBatch> elsewhere = null;
        int delivered = 0;
        int written = 0;
        try {
            for (Client client : recipients) {
                if (client == except) {
                    continue;
                }
                Outlet outlet = client.outlet();
                if (outlet == null) {
                    if (client.send(frame)) {
                        delivered++;
                    }
                    continue;
                }
                if (client.closing()) {
                    continue;
                }
                WireFrame wire = client.wireFor(frame);
                if (wire == null) {
                    continue; // its dialect has nothing for this frame
                }
                shared = Shared.find(shared, wire);
                if (outlet.canWriteNow()) {
                    if (client.write(wire, shared.buffer)) {
                        delivered++;
                        written++;
                    }
                } else {
                    outlet.queued();
                    elsewhere = LoopBatch.add(elsewhere, outlet.loop(), shared, client);
                    delivered++;
                    written++;
                }
            }
            if (elsewhere != null) {
                for (LoopBatch batch : elsewhere) {
                    batch.submit();
                }
            }
        } finally {
            for (Shared each = shared; each != null; each = each.next) {
                each.buffer.release();
            }
        }
        // The peers' own send paths count their own frames.
        stats.framesOut(written);
        return delivered;
    }

    /** One wire form of a fan-out's frame and its buffer, shared by the recipients that read it. */
    private static final class Shared {

        final WireFrame wire;
        final ByteBuf buffer;
        final Shared next;

        private Shared(WireFrame wire, Shared next) {
            this.wire = wire;
            // Unpooled: each recipient's duplicate is then a plain small object, where a pooled
            // buffer's duplicates go through Netty's recycler, which cost more.
            this.buffer = wire.wireFrame(UnpooledByteBufAllocator.DEFAULT);
            this.next = next;
        }

        static Shared find(Shared list, WireFrame wire) {
            for (Shared each = list; each != null; each = each.next) {
                if (each.wire == wire) {
                    return each;
                }
            }
            return new Shared(wire, list);
        }
    }

    /** The recipients of one fan-out that live on one other event loop and read one wire form. */
    private static final class LoopBatch {

        private final EventLoop loop;
        private final Shared shared;
        private final List<Client> clients = new ArrayList<>();

        private LoopBatch(EventLoop loop, Shared shared) {
            this.loop = loop;
            this.shared = shared;
        }

        static List<LoopBatch> add(List<LoopBatch> batches, EventLoop loop, Shared shared, Client client) {
            if (batches == null) {
                batches = new ArrayList<>(4);
            }
            // A handful of event loops and wire forms: a linear search beats a map.
            for (int i = 0; i < batches.size(); i++) {
                LoopBatch batch = batches.get(i);
                if (batch.loop == loop && batch.shared == shared) {
                    batch.clients.add(client);
                    return batches;
                }
            }
            LoopBatch batch = new LoopBatch(loop, shared);
            batch.clients.add(client);
            batches.add(batch);
            return batches;
        }

        /** Hands the batch to its loop with its own reference to the shared buffer. */
        void submit() {
            WireFrame frame = shared.wire;
            ByteBuf buffer = shared.buffer.retain();
            try {
                loop.execute(() -> {
                    try {
                        for (int i = 0; i < clients.size(); i++) {
                            Client client = clients.get(i);
                            try {
                                client.writeQueued(frame, buffer);
                            } finally {
                                client.outlet().dequeued();
                            }
                        }
                    } finally {
                        buffer.release();
                    }
                });
            } catch (RuntimeException rejected) {
                // The loop is shutting down: nothing will be written there.
                for (Client client : clients) {
                    client.outlet().dequeued();
                }
                buffer.release();
            }
        }
    }
}
