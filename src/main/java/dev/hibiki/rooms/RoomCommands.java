package dev.hibiki.rooms;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Command;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Outbound;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rooms commands of protocol v1: join, leave, publish, close_room, rooms. Join, publish and
 * close may wait for Redis in cluster mode: their frames keep the {@code id}, so an answer or an
 * error that comes later still carries {@code re}.
 */
public final class RoomCommands {

    private static final Logger LOG = Logger.getLogger(RoomCommands.class);

    private RoomCommands() {
    }

    @RegisterForReflection
    public record RoomFrame(String room, JsonNode id) {
    }

    /** `join {room, since?}`: since is the last seq the client saw, to recover what it missed. */
    @RegisterForReflection
    public record JoinFrame(String room, Long since, JsonNode id) {
    }

    @RegisterForReflection
    public record PublishFrame(String room, String text, JsonNode data, Boolean self, JsonNode id) {
    }

    /**
     * The reply of a command that may finish later: returned at once when the stage is already
     * complete (local mode: the dispatcher replies as for any command), otherwise sent with
     * {@code re} when it completes, errors included.
     */
    static Outbound answer(Client client, CompletionStage<? extends Outbound> stage, JsonNode id) {
        CompletableFuture<? extends Outbound> future = stage.toCompletableFuture();
        if (future.isDone()) {
            try {
                return future.join();
            } catch (RuntimeException e) {
                throw Rooms.unwrap(e.getCause() != null ? e.getCause() : e);
            }
        }
        future.whenComplete((reply, failure) -> {
            if (failure == null) {
                if (reply != null) {
                    client.reply(reply, id);
                }
                return;
            }
            RuntimeException cause = Rooms.unwrap(failure);
            if (cause instanceof HubException hub) {
                client.reply(Frames.Error.of(hub.code(), hub.getMessage()), id);
            } else {
                LOG.errorf(cause, "room command failed for %s", client);
                client.reply(Frames.Error.of(ErrorCode.INTERNAL, "internal error"), id);
            }
        });
        return null;
    }

    static String required(String room) {
        if (room == null) {
            throw HubException.badMessage("room is required");
        }
        return room;
    }

    @ApplicationScoped
    public static class Join implements Command<JoinFrame> {
        private final Rooms rooms;

        Join(Rooms rooms) {
            this.rooms = rooms;
        }

        @Override
        public String type() {
            return "join";
        }

        @Override
        public Class<JoinFrame> frame() {
            return JoinFrame.class;
        }

        @Override
        public Outbound handle(Client from, JoinFrame frame) {
            if (frame.since() != null && frame.since() < 0) {
                throw HubException.badMessage("since must not be negative");
            }
            return answer(from, rooms.join(from, required(frame.room()), frame.since()), frame.id());
        }
    }

    @ApplicationScoped
    public static class Leave implements Command<RoomFrame> {
        private final Rooms rooms;

        Leave(Rooms rooms) {
            this.rooms = rooms;
        }

        @Override
        public String type() {
            return "leave";
        }

        @Override
        public Class<RoomFrame> frame() {
            return RoomFrame.class;
        }

        @Override
        public Outbound handle(Client from, RoomFrame frame) {
            return rooms.leave(from, required(frame.room()));
        }
    }

    @ApplicationScoped
    public static class Publish implements Command<PublishFrame> {
        private final Rooms rooms;

        Publish(Rooms rooms) {
            this.rooms = rooms;
        }

        @Override
        public String type() {
            return "publish";
        }

        @Override
        public Class<PublishFrame> frame() {
            return PublishFrame.class;
        }

        @Override
        public Outbound handle(Client from, PublishFrame frame) {
            boolean self = frame.self() == null || frame.self();
            // Nothing to answer on success: the sender sees its message like every member.
            return answer(from, rooms.publishing(from.who(), from, required(frame.room()), frame.text(), frame.data(),
                    self).<Outbound>thenApply(published -> null), frame.id());
        }
    }

    @ApplicationScoped
    public static class Close implements Command<RoomFrame> {
        private final Rooms rooms;

        Close(Rooms rooms) {
            this.rooms = rooms;
        }

        @Override
        public String type() {
            return "close_room";
        }

        @Override
        public Class<RoomFrame> frame() {
            return RoomFrame.class;
        }

        @Override
        public Outbound handle(Client from, RoomFrame frame) {
            return answer(from, rooms.closing(from, required(frame.room())).<Outbound>thenApply(removed -> null), frame.id());
        }
    }

    @ApplicationScoped
    public static class List implements Command<JsonNode> {
        private final Rooms rooms;

        List(Rooms rooms) {
            this.rooms = rooms;
        }

        @Override
        public String type() {
            return "rooms";
        }

        @Override
        public Class<JsonNode> frame() {
            return JsonNode.class;
        }

        @Override
        public Outbound handle(Client from, JsonNode frame) {
            return new RoomFrames.RoomList(rooms.roomsOf(from));
        }
    }
}
