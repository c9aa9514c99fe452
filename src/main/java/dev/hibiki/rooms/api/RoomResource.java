package dev.hibiki.rooms.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Who;
import dev.hibiki.rooms.RoomFrames.RoomInfo;
import dev.hibiki.rooms.Rooms;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Rooms over REST: list and inspect them, publish into one, close one. */
@Path("/api/rooms")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RoomResource {

    @RegisterForReflection
    public record RoomsList(List<RoomInfo> rooms) {
    }

    @RegisterForReflection
    public record MessageRequest(String text, JsonNode data) {
    }

    @RegisterForReflection
    public record Published(int delivered, long seq) {
    }

    @RegisterForReflection
    public record Closed(String room, int removed) {
    }

    private final Rooms rooms;

    RoomResource(Rooms rooms) {
        this.rooms = rooms;
    }

    @GET
    public RoomsList list() {
        return new RoomsList(rooms.all());
    }

    @GET
    @Path("{room}")
    public Rooms.Detail get(@PathParam("room") String room) {
        return rooms.detail(room).orElseThrow(() -> new HubException(ErrorCode.NOT_FOUND, "no room " + room));
    }

    @POST
    @Path("{room}/messages")
    public Published publish(@PathParam("room") String room, MessageRequest request) {
        if (request == null) {
            throw HubException.badMessage("a JSON body is required");
        }
        Rooms.Published published = rooms.publish(Who.SERVER, null, room, request.text(), request.data(), true);
        return new Published(published.delivered(), published.seq());
    }

    @DELETE
    @Path("{room}")
    public Closed close(@PathParam("room") String room) {
        return new Closed(room, rooms.close(null, room));
    }
}
