package dev.hibiki.status.api;

import dev.hibiki.hub.Frames;
import dev.hibiki.status.StatusService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The hub's figures for other servers and the admin page: the same answer as the `status` command. */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final StatusService status;

    StatusResource(StatusService status) {
        this.status = status;
    }

    @GET
    public Frames.Status status() {
        return status.status();
    }
}
