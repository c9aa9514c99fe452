package dev.hibiki.socketio;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The events a hub frame becomes in one namespace, collected from its vocabularies. */
public final class Events {

    /** One event: its name and arguments. */
    public record Event(String name, List<JsonNode> args) {
    }

    private final List<Event> events = new ArrayList<>(2);

    public Events emit(String name, JsonNode... args) {
        events.add(new Event(name, List.of(args)));
        return this;
    }

    List<Event> all() {
        return events;
    }
}
