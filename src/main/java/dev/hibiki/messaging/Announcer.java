package dev.hibiki.messaging;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Who;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hub-wide messages (broadcasts and notifications), shared by the WebSocket commands and the REST
 * API so both doors validate and deliver the same way.
 */
@ApplicationScoped
public class Announcer {

    /** Longest notification title in characters; browsers truncate far earlier. */
    public static final int MAX_TITLE = 200;

    private final Hub hub;

    Announcer(Hub hub) {
        this.hub = hub;
    }

    /** Returns the number of deliveries. */
    public int broadcast(Who from, String text, JsonNode data, Client except) {
        JsonNode payload = present(data);
        if (text == null && payload == null) {
            throw HubException.badMessage("broadcast needs text or data");
        }
        return hub.everyone(new Frames.Broadcast(from, text, payload, Frames.now()), except);
    }

    /** Returns the number of deliveries. */
    public int notify(Who from, String title, String body, String icon, String tag, JsonNode data) {
        if (title == null || title.isBlank()) {
            throw HubException.badMessage("notification needs a title");
        }
        if (title.length() > MAX_TITLE) {
            throw HubException.badMessage("title must be at most " + MAX_TITLE + " characters");
        }
        return hub.everyone(new Frames.Notification(title, body, icon, tag, present(data), from, Frames.now()), null);
    }

    private static JsonNode present(JsonNode data) {
        return data == null || data.isNull() || data.isMissingNode() ? null : data;
    }
}
