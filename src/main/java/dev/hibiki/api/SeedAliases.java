package dev.hibiki.api;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The seed pages call {@code POST /analyze} and {@code POST /post} at the root: kept as aliases. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SeedAliases {

    private final AnalyzeResource api;

    SeedAliases(AnalyzeResource api) {
        this.api = api;
    }

    @POST
    @Path("analyze")
    public AnalyzeResource.Analysis analyze(AnalyzeResource.AnalyzeRequest request, @Context HttpHeaders headers) {
        return api.analyze(request, headers);
    }

    @POST
    @Path("post")
    public AnalyzeResource.Received post(JsonNode body) {
        return api.echo(body);
    }
}
