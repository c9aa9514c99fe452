package dev.hibiki.socketio.vocab;

import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import dev.hibiki.messaging.Announcer;
import dev.hibiki.rooms.Rooms;
import dev.hibiki.socketio.Events;
import dev.hibiki.socketio.SioSocket;
import dev.hibiki.socketio.SocketIoConfig;
import dev.hibiki.socketio.SocketIoServer;
import dev.hibiki.socketio.Vocabulary;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Flask-SocketIO example app on {@code /test}: {@code my event}, {@code my broadcast event},
 * {@code join}, {@code leave}, {@code close room}, {@code my room event}, {@code disconnect
 * request}, {@code my ping}, each answered with {@code my response {data, count}} as the example
 * does (count is the socket's own receive count), and every hub tick as {@code my response
 * {data: "Server generated event", count}}. Rooms are Hibiki's rooms, shared with {@code /ws}: a
 * room event reaches native members as a {@code message}, and Hibiki's rule holds that only a
 * member may send to a room (the example lets anyone): others get an {@code error} event.
 */
@ApplicationScoped
public class FlaskExampleVocabulary implements Vocabulary {

    static final String NAMESPACE = "/test";
    private static final String RESPONSE = "my response";

    private final Announcer announcer;
    private final Rooms rooms;
    private final SocketIoServer server;
    private final boolean enabled;

    FlaskExampleVocabulary(Announcer announcer, Rooms rooms, SocketIoServer server, SocketIoConfig config) {
        this.announcer = announcer;
        this.rooms = rooms;
        this.server = server;
        this.enabled = config.vocabularies().flaskExample();
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public void connecting(SioSocket socket) {
        socket.emit(RESPONSE, response("Connected", 0));
    }

    @Override
    public boolean onEvent(SioSocket socket, String event, JsonNode payload, Long ack) {
        try {
            return handle(socket, event, payload == null ? JsonNodeFactory.instance.objectNode() : payload);
        } catch (HubException e) {
            socket.emit("error", server.error(e.code(), e.getMessage()).get("error"));
            return true;
        }
    }

    private boolean handle(SioSocket socket, String event, JsonNode message) {
        switch (event) {
            case "my event" -> socket.emit(RESPONSE, response(message.get("data"), received(socket)));
            case "my broadcast event" -> announcer.broadcast(socket.client().who(), null,
                    response(message.get("data"), received(socket)), null);
            case "join" -> {
                long count = received(socket);
                rooms.join(socket.client(), room(message), null).whenComplete((joined, failure) -> {
                    if (failure != null) {
                        reportFailure(socket, failure);
                    } else {
                        socket.emit(RESPONSE, response("In rooms: " + roomList(socket), count));
                    }
                });
            }
            case "leave" -> {
                rooms.leave(socket.client(), room(message));
                socket.emit(RESPONSE, response("In rooms: " + roomList(socket), received(socket)));
            }
            case "close room" -> {
                String room = room(message);
                long count = received(socket);
                rooms.publishing(socket.client().who(), socket.client(), room, null,
                        response("Room " + room + " is closing.", count), true)
                        .thenCompose(published -> rooms.closing(socket.client(), room))
                        .whenComplete((closed, failure) -> {
                            if (failure != null) {
                                reportFailure(socket, failure);
                            }
                        });
            }
            case "my room event" -> {
                long count = received(socket);
                rooms.publishing(socket.client().who(), socket.client(), room(message), null,
                        response(message.get("data"), count), true).whenComplete((published, failure) -> {
                            if (failure != null) {
                                reportFailure(socket, failure);
                            }
                        });
            }
            case "disconnect request" -> {
                socket.emit(RESPONSE, response("Disconnected!", received(socket)));
                socket.disconnect();
            }
            case "my ping" -> socket.emit("my pong");
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public void translate(String type, ObjectNode frame, Events out) {
        switch (type) {
            case "tick" -> out.emit(RESPONSE, response("Server generated event", frame.path("count").asLong()));
            case "broadcast", "message" -> {
                JsonNode data = frame.get("data");
                // Sent by this vocabulary: already {data, count}. From elsewhere: wrapped, count 0.
                if (data instanceof ObjectNode object && object.has("data") && object.has("count")) {
                    out.emit(RESPONSE, object);
                } else {
                    out.emit(RESPONSE, response(data != null ? data : frame.path("text"), 0));
                }
            }
            default -> {
            }
        }
    }

    /** The socket's receive count, as the example keeps it in its session. */
    private static long received(SioSocket socket) {
        return socket.<AtomicLong>state("receive_count", key -> new AtomicLong()).incrementAndGet();
    }

    private String roomList(SioSocket socket) {
        // The example lists the socket's own room (its id) too; Hibiki's rooms only.
        return String.join(", ", new TreeSet<>(socket.client().rooms()));
    }

    private static String room(JsonNode message) {
        JsonNode room = message.get("room");
        if (room == null || !room.isTextual()) {
            throw HubException.badMessage("room is required");
        }
        return room.textValue();
    }

    private void reportFailure(SioSocket socket, Throwable failure) {
        Throwable cause = failure.getCause() != null && !(failure instanceof HubException) ? failure.getCause() : failure;
        ObjectNode error = cause instanceof HubException e ? server.error(e.code(), e.getMessage())
                : server.error(ErrorCode.INTERNAL, "internal error");
        socket.emit("error", error.get("error"));
    }

    private static ObjectNode response(String data, long count) {
        return JsonNodeFactory.instance.objectNode().put("data", data).put("count", count);
    }

    private static ObjectNode response(JsonNode data, long count) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("data", data);
        return response.put("count", count);
    }
}
