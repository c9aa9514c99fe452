package dev.hibiki.status;

import dev.hibiki.hub.Frames;
import dev.hibiki.hub.Hub;
import dev.hibiki.rooms.RoomCensus;
import jakarta.enterprise.context.ApplicationScoped;

/** The hub's figures, as the `status` command and {@code GET /api/status} report them. */
@ApplicationScoped
public class StatusService {

    private final Hub hub;
    private final RoomCensus rooms;

    StatusService(Hub hub, RoomCensus rooms) {
        this.hub = hub;
        this.rooms = rooms;
    }

    public Frames.Status status() {
        return new Frames.Status(hub.connections(), rooms.count(), hub.uptimeSeconds(), hub.node(), hub.version(),
                hub.stats().messagesIn(), hub.stats().messagesOut());
    }
}
