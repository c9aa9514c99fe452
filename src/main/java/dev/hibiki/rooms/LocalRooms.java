package dev.hibiki.rooms;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Who;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rooms on a single node: this process numbers each room's messages under the room's lock,
 * keeps its history and delivers at once, so members see a room's messages in seq order. Every
 * stage it returns is already complete. Cluster mode uses it too while Redis is unreachable.
 */
@ApplicationScoped
@LookupUnlessProperty(name = "hibiki.cluster.mode", stringValue = "redis", lookupIfMissing = true)
public class LocalRooms implements RoomsBackend {

    private final RoomTable table;
    private final RoomJournal journal;
    private final RoomsConfig config;

    LocalRooms(RoomTable table, RoomJournal journal, RoomsConfig config) {
        this.table = table;
        this.journal = journal;
        this.config = config;
    }

    @Override
    public CompletionStage<Boolean> recover(Room room, Client client, long since) {
        room.forgetBefore(System.currentTimeMillis() - config.history().maxAge().toMillis());
        List<RoomFrames.Message> missed = room.since(since);
        if (missed != null) {
            missed.forEach(client::send);
        }
        return CompletableFuture.completedFuture(missed != null);
    }

    @Override
    public void membersChanged(Room room, String event, Who who) {
        // Nobody else to tell.
    }

    @Override
    public CompletionStage<Rooms.Published> publish(Room room, RoomFrames.Message unnumbered, Client except) {
        return CompletableFuture.completedFuture(publishHere(room, unnumbered, except));
    }

    /**
     * Numbers and delivers a message on this node alone. The message is journaled before the seq
     * is taken and anyone sees it, so a message that was delivered or acknowledged survives a
     * crash; a failed write fails the publish.
     */
    public Rooms.Published publishHere(Room room, RoomFrames.Message unnumbered, Client except) {
        String name = unnumbered.room();
        if (room == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
        }
        synchronized (room) {
            if (room.dead()) {
                throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
            }
            long seq = room.seq() + 1;
            RoomFrames.Message message = new RoomFrames.Message(name, unnumbered.from(), unnumbered.text(),
                    unnumbered.data(), seq, Frames.now());
            long now = System.currentTimeMillis();
            journal.published(message, now);
            room.nextSeq();
            room.remember(message, now, config.history().size());
            int delivered = table.deliver(room, message, except);
            return new Rooms.Published(delivered, seq);
        }
    }

    @Override
    public CompletionStage<Integer> close(Room room, String name) {
        if (room == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
        }
        synchronized (room) {
            if (room.dead()) {
                throw new HubException(ErrorCode.NOT_FOUND, "no room " + name);
            }
            return CompletableFuture.completedFuture(table.closeHere(room));
        }
    }

    @Override
    public int remoteMembers(String room) {
        return 0;
    }

    @Override
    public Map<String, Integer> remoteRooms() {
        return Map.of();
    }

    @Override
    public CompletionStage<Long> seq(String room) {
        return CompletableFuture.completedFuture(0L);
    }
}
