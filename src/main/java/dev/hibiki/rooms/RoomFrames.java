package dev.hibiki.rooms;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Outbound;
import dev.hibiki.hub.Who;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Server-to-client frames of the rooms feature. */
public final class RoomFrames {

    private RoomFrames() {
    }

    @JsonTypeName("joined")
    @RegisterForReflection
    public record Joined(String room, int members, Boolean recovered) implements Outbound {
    }

    @JsonTypeName("left")
    @RegisterForReflection
    public record Left(String room) implements Outbound {
    }

    @JsonTypeName("room_presence")
    @RegisterForReflection
    public record RoomPresence(String room, String event, Who who, int members) implements Outbound {
    }

    /** Several joins and leaves of one window, in order; {@code omitted} counts names past the lists' cap. */
    @JsonTypeName("room_presence_batch")
    @RegisterForReflection
    public record RoomPresenceBatch(String room, List<Who> joined, List<Who> left, Integer omitted, int members)
            implements Outbound {
    }

    @JsonTypeName("message")
    @RegisterForReflection
    public record Message(String room, Who from, String text, JsonNode data, long seq, String ts) implements Outbound {
    }

    @JsonTypeName("room_closed")
    @RegisterForReflection
    public record RoomClosed(String room) implements Outbound {
    }

    @JsonTypeName("rooms")
    @RegisterForReflection
    public record RoomList(List<RoomInfo> rooms) implements Outbound {
    }

    /** A room and its member count, as listed to clients and over REST. */
    @RegisterForReflection
    public record RoomInfo(String room, int members) {
    }
}
