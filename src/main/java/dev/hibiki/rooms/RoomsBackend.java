package dev.hibiki.rooms;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Who;

/**
 * Where a room's order and history live and how its traffic reaches the members: this process
 * alone ({@link LocalRooms}, the default) or Redis shared by every node
 * ({@code dev.hibiki.rooms.cluster.RedisRooms}, {@code hibiki.cluster.mode=redis}). Either way
 * members receive through {@link RoomTable}, a room's messages in {@code seq} order.
 *
 * <p>{@link Rooms} checks names, rights and limits and then only calls this interface: it never
 * asks which mode it runs in. Methods marked "under the room's lock" are called holding
 * {@code synchronized (room)}. Refusals are {@code HubException}s, thrown or carried by the stage.
 */
public interface RoomsBackend {

    /**
     * A member joins with {@code since}, the last seq it saw; under the room's lock, before it is
     * added. Sends what it missed (now, or once read from elsewhere, holding its live messages
     * meanwhile) and completes with whether all of it was still kept.
     */
    CompletionStage<Boolean> recover(Room room, Client client, long since);

    /**
     * A member joins without {@code since}; under the room's lock, before it is added. Completes
     * (with null) once this node receives the room's messages, holding the member's live messages
     * meanwhile, so nothing published after its {@code joined} passes it by. A single node always
     * receives them.
     */
    default CompletionStage<Boolean> follow(Room room, Client client) {
        return CompletableFuture.completedFuture(null);
    }

    /** This node's member count of a room changed ({@code event} join or leave); under the room's lock. */
    void membersChanged(Room room, String event, Who who);

    /**
     * Publishes to every member but {@code except} (may be null) and completes with the deliveries
     * queued on this node (an estimate cluster-wide) and the seq the message got. {@code room} is
     * this node's room or null when it has no member or history here.
     */
    CompletionStage<Rooms.Published> publish(Room room, RoomFrames.Message unnumbered, Client except);

    /**
     * Closes a room everywhere; the membership and rights checks are done. Completes with the
     * members removed, or fails with not_found when no node knew the room.
     */
    CompletionStage<Integer> close(Room room, String name);

    /** Members of a room on other nodes (0 for a single node). */
    int remoteMembers(String room);

    /** Rooms with members on other nodes, with how many (empty for a single node). */
    Map<String, Integer> remoteRooms();

    /** The last seq given out in a room that has no member here (0 when unknown), for REST details. */
    CompletionStage<Long> seq(String room);
}
