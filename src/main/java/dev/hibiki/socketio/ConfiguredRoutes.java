package dev.hibiki.socketio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.hub.Frames;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.HubException;
import dev.hibiki.rooms.Rooms;
import dev.hibiki.socketio.protocol.SioEncoder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The event routes of {@code hibiki.socketio.routes}: one vocabulary per namespace that names
 * routes, so an existing Socket.IO front-end moves to Hibiki without server code. A routed event
 * crosses the hub as a {@link RoutedEvent} (in a room, as a room message whose data is
 * {@code {event, payload}}), so it reaches other nodes, and /ws clients see it too.
 */
@ApplicationScoped
public class ConfiguredRoutes {

    private static final Set<String> TARGETS = Set.of("everyone", "others", "room", "sender");

    private final List<Vocabulary> vocabularies = new ArrayList<>();

    ConfiguredRoutes(SocketIoConfig config, Hub hub, Rooms rooms) {
        Map<String, Map<String, SocketIoConfig.Route>> byNamespace = new LinkedHashMap<>();
        config.routes().forEach((event, route) -> {
            if (!TARGETS.contains(route.to())) {
                throw new IllegalStateException("hibiki.socketio.routes.\"" + event + "\".to must be one of " + TARGETS
                        + ", not " + route.to());
            }
            byNamespace.computeIfAbsent(route.namespace(), n -> new LinkedHashMap<>()).put(event, route);
        });
        byNamespace.forEach((namespace, routes) -> vocabularies.add(new RouteVocabulary(namespace, routes, hub, rooms)));
    }

    List<Vocabulary> vocabularies() {
        return vocabularies;
    }

    private record RouteVocabulary(String namespace, Map<String, SocketIoConfig.Route> routes, Hub hub, Rooms rooms)
            implements Vocabulary {

        @Override
        public boolean onEvent(SioSocket socket, String event, JsonNode payload, Long ack) {
            SocketIoConfig.Route route = routes.get(event);
            if (route == null) {
                return false;
            }
            String name = route.emit().orElse(event);
            JsonNode data = select(route, payload == null ? null : SioEncoder.toJson(payload.deepCopy()));
            JsonNode answer;
            try {
                answer = switch (route.to()) {
                    case "sender" -> {
                        socket.emit(name, data == null ? JsonNodeFactory.instance.nullNode() : data);
                        yield delivered(1);
                    }
                    case "room" -> {
                        JsonNode room = payload == null ? null : payload.get(route.roomField());
                        if (room == null || !room.isTextual()) {
                            throw HubException.badMessage(event + " needs a room in " + route.roomField());
                        }
                        ObjectNode message = JsonNodeFactory.instance.objectNode().put("event", name);
                        message.set("payload", data);
                        rooms.publishing(socket.client().who(), socket.client(), room.textValue(), null, message, true)
                                .whenComplete((published, failure) -> socket.ack(ack, failure == null
                                        ? delivered(published.delivered()) : failure(failure)));
                        yield null;
                    }
                    default -> delivered(hub.everyone(new RoutedEvent(name, data, socket.client().who(), Frames.now()),
                            "others".equals(route.to()) ? socket.client() : null));
                };
            } catch (HubException e) {
                answer = failure(e);
            }
            if (answer != null) {
                socket.ack(ack, answer);
            }
            return true;
        }

        @Override
        public void translate(String type, ObjectNode frame, Events out) {
            if ("event".equals(type) && routed(frame.path("event").asText())) {
                out.emit(frame.path("event").asText(), frame.has("data") ? frame.get("data") : JsonNodeFactory.instance.nullNode());
            } else if ("message".equals(type) && frame.path("data").path("event").isTextual()
                    && routed(frame.path("data").path("event").asText())) {
                out.emit(frame.path("data").path("event").asText(), frame.path("data").path("payload"));
            }
        }

        private boolean routed(String name) {
            for (Map.Entry<String, SocketIoConfig.Route> entry : routes.entrySet()) {
                if (entry.getValue().emit().orElse(entry.getKey()).equals(name)) {
                    return true;
                }
            }
            return false;
        }

        private static JsonNode select(SocketIoConfig.Route route, JsonNode payload) {
            if (route.fields().isEmpty() || !(payload instanceof ObjectNode object)) {
                return payload;
            }
            ObjectNode selected = JsonNodeFactory.instance.objectNode();
            for (String field : route.fields().get()) {
                if (object.has(field)) {
                    selected.set(field, object.get(field));
                }
            }
            return selected;
        }

        private static ObjectNode failure(Throwable failure) {
            Throwable cause = failure instanceof HubException || failure.getCause() == null ? failure : failure.getCause();
            ObjectNode error = JsonNodeFactory.instance.objectNode();
            error.putObject("error")
                    .put("code", cause instanceof HubException e ? e.code().code() : dev.hibiki.hub.ErrorCode.INTERNAL.code())
                    .put("message", cause instanceof HubException ? cause.getMessage() : "internal error");
            return error;
        }

        private static ObjectNode delivered(int deliveries) {
            return JsonNodeFactory.instance.objectNode().put("delivered", deliveries);
        }
    }
}
