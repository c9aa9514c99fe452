package dev.hibiki.socketio.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.hub.HubException;
import dev.hibiki.messaging.Announcer;
import dev.hibiki.socketio.Events;
import dev.hibiki.socketio.SioSocket;
import dev.hibiki.socketio.SocketIoConfig;
import dev.hibiki.socketio.SocketIoServer;
import dev.hibiki.socketio.Vocabulary;
import dev.hibiki.socketio.protocol.SioEncoder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Node chat seed on {@code /}: {@code send_message} (any JSON or binary) reaches everyone,
 * the sender included, as {@code receive_message} with the payload unchanged. It travels as a hub
 * broadcast (binary as {@code {"$binary": base64}}), so {@code /ws} clients and REST take part:
 * a native broadcast reaches the chat as {@code receive_message} (its data, or else its text).
 */
@ApplicationScoped
public class ChatVocabulary implements Vocabulary {

    private final Announcer announcer;
    private final SocketIoServer server;
    private final boolean enabled;

    ChatVocabulary(Announcer announcer, SocketIoServer server, SocketIoConfig config) {
        this.announcer = announcer;
        this.server = server;
        this.enabled = config.vocabularies().chat();
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public boolean onEvent(SioSocket socket, String event, JsonNode payload, Long ack) {
        if (!"send_message".equals(event)) {
            return false;
        }
        try {
            JsonNode data = payload == null ? null : SioEncoder.toJson(payload.deepCopy());
            int delivered = announcer.broadcast(socket.client().who(), null, data, null);
            socket.ack(ack, server.delivered(delivered));
        } catch (HubException e) {
            socket.ack(ack, server.error(e.code(), e.getMessage()));
        }
        return true;
    }

    @Override
    public void translate(String type, ObjectNode frame, Events out) {
        if ("broadcast".equals(type)) {
            JsonNode data = frame.get("data");
            out.emit("receive_message", data != null ? data : frame.path("text"));
        }
    }
}
