package dev.hibiki.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads presence the way a client must since notices are coalesced (docs/PROTOCOL.md, "Presence"):
 * a change comes either alone as {@code presence {event, who}} or with others in one
 * {@code presence_batch {joined, left}}.
 */
public final class PresenceFrames {

    private PresenceFrames() {
    }

    /** Whether {@code frame} announces that the connection named {@code name} connected or disconnected. */
    public static boolean announces(JsonNode frame, String event, String name) {
        return announces(frame, event, "name", name);
    }

    /** As {@link #announces(JsonNode, String, String)}, by connection id. */
    public static boolean announcesId(JsonNode frame, String event, String id) {
        return announces(frame, event, "id", id);
    }

    private static boolean announces(JsonNode frame, String event, String field, String value) {
        String type = frame.path("type").asText();
        if ("presence".equals(type)) {
            return event.equals(frame.path("event").asText()) && value.equals(frame.path("who").path(field).asText());
        }
        if ("presence_batch".equals(type)) {
            for (JsonNode who : frame.path("connect".equals(event) ? "joined" : "left")) {
                if (value.equals(who.path(field).asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
