package dev.hibiki.socketio.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import dev.hibiki.messaging.Announcer;
import dev.hibiki.socketio.Events;
import dev.hibiki.socketio.SioSocket;
import dev.hibiki.socketio.SocketIoConfig;
import dev.hibiki.socketio.SocketIoServer;
import dev.hibiki.socketio.Vocabulary;
import dev.hibiki.text.TextService;
import dev.hibiki.text.TextStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Flask-SocketIO shared-textarea seed on {@code /}. The textarea is Hibiki's shared text
 * (document {@code main}), so native editors and REST see the same text:
 * <ul>
 * <li>on connect the newcomer gets {@code text_update {text}} (from the hub's {@code text}) and
 * everyone {@code count_update {user_count}} (from the hub's {@code count}, every client counted);</li>
 * <li>{@code text_update_request {text}} replaces the text: every other client gets
 * {@code text_update {text}}, native editors a {@code text_op};</li>
 * <li>{@code send_notification_request {text, num}} is a hub notification: everyone gets
 * {@code send_notification {title, body, icon, tag, data1}}.</li>
 * </ul>
 */
@ApplicationScoped
public class TextareaVocabulary implements Vocabulary {

    /** The notification's title when the request does not name one (the seed's page shows it). */
    static final String TITLE = "Hibiki";

    private final TextService text;
    private final Announcer announcer;
    private final SocketIoServer server;
    private final boolean enabled;

    TextareaVocabulary(TextService text, Announcer announcer, SocketIoServer server, SocketIoConfig config) {
        this.text = text;
        this.announcer = announcer;
        this.server = server;
        this.enabled = config.vocabularies().textarea();
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public boolean onEvent(SioSocket socket, String event, JsonNode payload, Long ack) {
        switch (event) {
            case "text_update_request" -> {
                JsonNode value = payload == null ? null : payload.get("text");
                if (value == null || !value.isTextual()) {
                    socket.ack(ack, server.error(ErrorCode.BAD_MESSAGE, "text_update_request needs {text}"));
                    return true;
                }
                try {
                    text.replace(socket.client(), TextStore.DEFAULT_DOC, value.textValue(), null).whenComplete((change, failure) -> {
                        if (failure != null) {
                            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                            socket.ack(ack, cause instanceof HubException e ? server.error(e.code(), e.getMessage())
                                    : server.error(ErrorCode.INTERNAL, "internal error"));
                        } else {
                            socket.ack(ack, JsonNodeFactory.instance.objectNode().put("rev", change.rev()));
                        }
                    });
                } catch (HubException e) {
                    socket.ack(ack, server.error(e.code(), e.getMessage()));
                }
                return true;
            }
            case "send_notification_request" -> {
                String body = payload == null ? null : payload.path("text").asText(null);
                JsonNode num = payload == null ? null : payload.get("num");
                ObjectNode data = JsonNodeFactory.instance.objectNode();
                if (num != null) {
                    data.set("num", num);
                }
                try {
                    int delivered = announcer.notify(socket.client().who(), TITLE, body, null, null, data.isEmpty() ? null : data);
                    socket.ack(ack, server.delivered(delivered));
                } catch (HubException e) {
                    socket.ack(ack, server.error(e.code(), e.getMessage()));
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public void translate(String type, ObjectNode frame, Events out) {
        switch (type) {
            case "count" -> out.emit("count_update", object().put("user_count", frame.path("connections").asInt()));
            case "text" -> {
                if (TextStore.DEFAULT_DOC.equals(frame.path("doc").asText())) {
                    out.emit("text_update", object().put("text", frame.path("text").asText()));
                }
            }
            case "text_op" -> {
                if (TextStore.DEFAULT_DOC.equals(frame.path("doc").asText())) {
                    // The textarea page wants the whole text: the document as it is now (at this
                    // op's revision or a later one, so the last update is always the latest text).
                    out.emit("text_update", object().put("text", text.store().snapshot(TextStore.DEFAULT_DOC).text()));
                }
            }
            case "notification" -> {
                ObjectNode notification = object();
                notification.put("title", frame.path("title").asText(null));
                notification.put("body", frame.path("body").asText(null));
                notification.put("icon", frame.path("icon").asText(null));
                notification.put("tag", frame.path("tag").asText(null));
                JsonNode data = frame.path("data");
                notification.set("data1", data.has("num") ? data.get("num") : data.isMissingNode() ? null : data);
                out.emit("send_notification", notification);
            }
            default -> {
            }
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
