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
 * not one per recipient. Connections without the fast path get the text through websockets-next.
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
        ByteBuf shared = null;
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
                    if (client.sendEncoded(frame.text())) {
                        delivered++;
                    }
                    continue;
                }
                if (client.closing()) {
                    continue;
                }
                if (shared == null) {
                    // Unpooled: each recipient's duplicate is then a plain small object, where a
                    // pooled buffer's duplicates go through Netty's recycler, which cost more.
                    shared = frame.wireFrame(UnpooledByteBufAllocator.DEFAULT);
                }
                if (outlet.canWriteNow()) {
                    if (client.write(frame, shared)) {
                        delivered++;
                        written++;
                    }
                } else {
                    outlet.queued();
                    elsewhere = LoopBatch.add(elsewhere, outlet.loop(), client);
                    delivered++;
                    written++;
                }
            }
            if (elsewhere != null) {
                for (LoopBatch batch : elsewhere) {
                    batch.submit(frame, shared.retain());
                }
            }
        } finally {
            if (shared != null) {
                shared.release();
            }
        }
        // The websockets-next path counts its own frames.
        stats.framesOut(written);
        return delivered;
    }

    /** The recipients of one fan-out that live on one other event loop. */
    private static final class LoopBatch {

        private final EventLoop loop;
        private final List<Client> clients = new ArrayList<>();

        private LoopBatch(EventLoop loop) {
            this.loop = loop;
        }

        static List<LoopBatch> add(List<LoopBatch> batches, EventLoop loop, Client client) {
            if (batches == null) {
                batches = new ArrayList<>(4);
            }
            // A handful of event loops: a linear search beats a map.
            for (int i = 0; i < batches.size(); i++) {
                LoopBatch batch = batches.get(i);
                if (batch.loop == loop) {
                    batch.clients.add(client);
                    return batches;
                }
            }
            LoopBatch batch = new LoopBatch(loop);
            batch.clients.add(client);
            batches.add(batch);
            return batches;
        }

        /** Hands the batch to its loop; {@code shared} is a reference the task releases. */
        void submit(WireFrame frame, ByteBuf shared) {
            try {
                loop.execute(() -> {
                    try {
                        for (int i = 0; i < clients.size(); i++) {
                            Client client = clients.get(i);
                            try {
                                client.writeQueued(frame, shared);
                            } finally {
                                client.outlet().dequeued();
                            }
                        }
                    } finally {
                        shared.release();
                    }
                });
            } catch (RuntimeException rejected) {
                // The loop is shutting down: nothing will be written there.
                for (Client client : clients) {
                    client.outlet().dequeued();
                }
                shared.release();
            }
        }
    }
}
