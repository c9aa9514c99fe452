package dev.hibiki.api;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.HubException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The seed apps' REST calls from browser JS: analyze a reported action, echo any JSON. */
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AnalyzeResource {

    /** Actions reported as a button click; anything else is an unknown action. */
    static final List<String> CLICKS = List.of("button_click", "click", "button-click", "buttonClick");

    /** Most characters of an unknown action repeated in the message. */
    static final int MAX_SHOWN = 80;

    @RegisterForReflection
    public record AnalyzeRequest(String action, JsonNode timestamp) {
    }

    @RegisterForReflection
    public record Analysis(String message, String action, JsonNode timestamp) {
    }

    @RegisterForReflection
    public record Received(String message, JsonNode received) {
    }

    @POST
    @Path("analyze")
    public Analysis analyze(AnalyzeRequest request, @Context HttpHeaders headers) {
        if (request == null || request.action() == null || request.action().isBlank()) {
            throw HubException.badMessage("action is required");
        }
        if (request.timestamp() == null || request.timestamp().isNull()) {
            throw HubException.badMessage("timestamp is required");
        }
        boolean japanese = prefersJapanese(headers);
        String action = request.action();
        String message;
        if (CLICKS.contains(action)) {
            message = japanese ? "ボタンのクリックを受け付けました" : "Button click received";
        } else {
            // The action comes back once, in `action`: the answer stays about as large as the request.
            String shown = abbreviate(action);
            message = japanese ? "不明なアクションです: " + shown : "Unknown action: " + shown;
        }
        return new Analysis(message, action, request.timestamp());
    }

    @POST
    @Path("echo")
    public Received echo(JsonNode body) {
        if (body == null) {
            throw HubException.badMessage("a JSON body is required");
        }
        return new Received("received", body);
    }

    private static String abbreviate(String action) {
        if (action.length() <= MAX_SHOWN) {
            return action;
        }
        int end = Character.isHighSurrogate(action.charAt(MAX_SHOWN - 1)) ? MAX_SHOWN - 1 : MAX_SHOWN;
        return action.substring(0, end) + "…";
    }

    private static boolean prefersJapanese(HttpHeaders headers) {
        List<Locale> languages = headers.getAcceptableLanguages();
        return !languages.isEmpty() && "ja".equals(languages.get(0).getLanguage());
    }
}
