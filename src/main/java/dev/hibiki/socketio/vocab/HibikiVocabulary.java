package dev.hibiki.socketio.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.hub.Dispatcher;
import dev.hibiki.socketio.Events;
import dev.hibiki.socketio.SioSocket;
import dev.hibiki.socketio.SocketIoConfig;
import dev.hibiki.socketio.Vocabulary;
import dev.hibiki.socketio.protocol.SioEncoder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hibiki's own protocol as Socket.IO events on the default namespace: {@code emit(type, fields,
 * ack)} is the native frame {@code {type, ...fields}}, and the ack gets the native answer (or
 * {@code {error: {code, message}}}); every hub frame comes out as an event named by its type.
 * Asked last, so the seeds' events on the same namespace win.
 */
@ApplicationScoped
public class HibikiVocabulary implements Vocabulary {

    private final Dispatcher dispatcher;
    private final boolean enabled;

    HibikiVocabulary(Dispatcher dispatcher, SocketIoConfig config) {
        this.dispatcher = dispatcher;
        this.enabled = config.vocabularies().hibiki();
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public boolean onEvent(SioSocket socket, String event, JsonNode payload, Long ack) {
        ObjectNode frame;
        if (payload == null || payload.isNull()) {
            frame = JsonNodeFactory.instance.objectNode();
        } else if (payload instanceof ObjectNode object) {
            frame = (ObjectNode) SioEncoder.toJson(object.deepCopy());
        } else {
            // Not a frame's fields: let the dispatcher say so, as it would to a /ws client.
            frame = JsonNodeFactory.instance.objectNode();
            frame.set("fields", payload);
        }
        frame.put("type", event);
        frame.remove("id");
        if (ack != null) {
            frame.put("id", ack); // the native reply carries it back as re: the dialect makes it the ack
        }
        dispatcher.dispatch(socket.client(), frame);
        return true;
    }

    @Override
    public void translate(String type, ObjectNode frame, Events out) {
        ObjectNode payload = frame.deepCopy();
        payload.remove("type");
        out.emit(type, payload);
    }
}
