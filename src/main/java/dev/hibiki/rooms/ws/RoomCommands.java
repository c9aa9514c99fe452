package dev.hibiki.rooms.ws;

import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.rooms.RoomFrames;
import dev.hibiki.rooms.Rooms;
import dev.hibiki.hub.AsyncCommand;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Outbound;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rooms commands of protocol v1: join, leave, publish, close_room, rooms. Join, publish and
 * close may wait for Redis in cluster mode, so they answer through {@link AsyncCommand} (already
 * complete in local mode).
 */
public final class RoomCommands {

    private RoomCommands() {
    }

    @RegisterForReflection
    public record RoomFrame(String room) {
    }

    /** `join {room, since?}`: since is the last seq the client saw, to recover what it missed. */
    @RegisterForReflection
    public record JoinFrame(String room, Long since) {
    }

    @RegisterForReflection
    public record PublishFrame(String room, String text, JsonNode data, Boolean self) {
    }

    static String required(String room) {
        if (room == null) {
            throw HubException.badMessage("room is required");
        }
        return room;
    }

    @ApplicationScoped
    public static class Join extends DeclaredCommand<JoinFrame> implements AsyncCommand<JoinFrame> {
        private final Rooms rooms;

        Join(Rooms rooms) {
            super("join", JoinFrame.class);
            this.rooms = rooms;
        }

        @Override
        public CompletionStage<Outbound> handleAsync(Client from, JoinFrame frame) {
            if (frame.since() != null && frame.since() < 0) {
                throw HubException.badMessage("since must not be negative");
            }
            return rooms.join(from, required(frame.room()), frame.since()).thenApply(joined -> joined);
        }
    }

    @ApplicationScoped
    public static class Leave extends DeclaredCommand<RoomFrame> {
        private final Rooms rooms;

        Leave(Rooms rooms) {
            super("leave", RoomFrame.class);
            this.rooms = rooms;
        }

        @Override
        public Outbound handle(Client from, RoomFrame frame) {
            return rooms.leave(from, required(frame.room()));
        }
    }

    @ApplicationScoped
    public static class Publish extends DeclaredCommand<PublishFrame> implements AsyncCommand<PublishFrame> {
        private final Rooms rooms;

        Publish(Rooms rooms) {
            super("publish", PublishFrame.class);
            this.rooms = rooms;
        }

        @Override
        public CompletionStage<Outbound> handleAsync(Client from, PublishFrame frame) {
            boolean self = frame.self() == null || frame.self();
            // Nothing to answer on success: the sender sees its message like every member.
            return rooms.publishing(from.who(), from, required(frame.room()), frame.text(), frame.data(), self)
                    .thenApply(published -> null);
        }
    }

    @ApplicationScoped
    public static class Close extends DeclaredCommand<RoomFrame> implements AsyncCommand<RoomFrame> {
        private final Rooms rooms;

        Close(Rooms rooms) {
            super("close_room", RoomFrame.class);
            this.rooms = rooms;
        }

        @Override
        public CompletionStage<Outbound> handleAsync(Client from, RoomFrame frame) {
            return rooms.closing(from, required(frame.room())).thenApply(removed -> null);
        }
    }

    @ApplicationScoped
    public static class List extends DeclaredCommand<JsonNode> {
        private final Rooms rooms;

        List(Rooms rooms) {
            super("rooms", JsonNode.class);
            this.rooms = rooms;
        }

        @Override
        public Outbound handle(Client from, JsonNode frame) {
            return new RoomFrames.RoomList(rooms.roomsOf(from));
        }
    }
}
