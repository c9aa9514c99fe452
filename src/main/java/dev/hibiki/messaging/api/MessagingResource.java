package dev.hibiki.messaging.api;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Who;
import dev.hibiki.messaging.Announcer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Other servers publish into the hub here; everything they send comes `from` the server. */
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MessagingResource {

    @RegisterForReflection
    public record BroadcastRequest(String text, JsonNode data) {
    }

    @RegisterForReflection
    public record NotificationRequest(String title, String body, String icon, String tag, JsonNode data) {
    }

    @RegisterForReflection
    public record Delivered(int delivered) {
    }

    private final Announcer announcer;

    MessagingResource(Announcer announcer) {
        this.announcer = announcer;
    }

    @POST
    @Path("broadcast")
    public Delivered broadcast(BroadcastRequest request) {
        if (request == null) {
            throw HubException.badMessage("a JSON body is required");
        }
        return new Delivered(announcer.broadcast(Who.SERVER, request.text(), request.data(), null));
    }

    @POST
    @Path("notifications")
    public Delivered notify(NotificationRequest request) {
        if (request == null) {
            throw HubException.badMessage("a JSON body is required");
        }
        return new Delivered(announcer.notify(Who.SERVER, request.title(), request.body(), request.icon(),
                request.tag(), request.data()));
    }
}
