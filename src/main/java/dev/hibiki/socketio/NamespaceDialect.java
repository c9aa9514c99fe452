package dev.hibiki.socketio;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.hub.Dialect;
import dev.hibiki.hub.WireFrame;
import dev.hibiki.socketio.protocol.SioEncoder;
import dev.hibiki.socketio.protocol.SioPacket;
import dev.hibiki.socketio.recovery.RoomMarks;

/**
 * Hub frames in one namespace's words: a direct reply carrying {@code re} (the id the Hibiki
 * vocabulary gave a native request, which is the client's ack id) becomes that acknowledgement,
 * with {@code {error: {code, message}}} for an error; any other frame becomes the events its
 * vocabularies make of it. Translated once per frame for every socket of the namespace.
 * <p>
 * With {@code offsets} (connection state recovery on), the events made of a room message end with
 * its offset, the same for every member, and the translation is marked as that room event
 * ({@link RoomMarks}). Engine.IO v3 sockets, which cannot recover, get a dialect without them.
 */
final class NamespaceDialect implements Dialect {

    private static final Logger LOG = Logger.getLogger(NamespaceDialect.class);

    private final String namespace;
    private final List<Vocabulary> vocabularies;
    private final ObjectMapper mapper;
    private final boolean offsets;

    NamespaceDialect(String namespace, List<Vocabulary> vocabularies, ObjectMapper mapper, boolean offsets) {
        this.namespace = namespace;
        this.vocabularies = vocabularies;
        this.mapper = mapper;
        this.offsets = offsets;
    }

    @Override
    public WireFrame translate(WireFrame frame) {
        ObjectNode tree;
        try {
            JsonNode read = mapper.readTree(frame.text());
            if (!(read instanceof ObjectNode object)) {
                return null;
            }
            tree = object;
        } catch (JacksonException e) {
            LOG.debugf("not a hub frame: %s", e.getMessage());
            return null;
        }
        JsonNode re = tree.remove("re");
        String type = tree.path("type").asText("");
        if (re != null && re.canConvertToLong()) {
            return WireFrame.ofParts(SioEncoder.packets(SioPacket.ACK, namespace, re.longValue(), answer(type, tree)));
        }
        Events out = new Events();
        for (Vocabulary vocabulary : vocabularies) {
            try {
                vocabulary.translate(type, tree, out);
            } catch (RuntimeException e) {
                LOG.errorf(e, "vocabulary %s failed on a %s frame", vocabulary.getClass().getSimpleName(), type);
            }
        }
        if (out.all().isEmpty()) {
            return null;
        }
        RoomMarks.Mark mark = offsets ? roomEvent(type, tree) : null;
        List<Object> packets = new ArrayList<>();
        for (Events.Event event : out.all()) {
            ArrayNode args = arguments(event);
            if (mark != null) {
                args.add(mark.offset()); // last: the official client keeps a last string argument as its offset
            }
            packets.addAll(SioEncoder.packets(SioPacket.EVENT, namespace, null, args));
        }
        WireFrame made = WireFrame.ofParts(packets);
        return mark == null ? made : RoomMarks.mark(made, mark);
    }

    /** A room message ({@code message} with its room and seq) as a room event with a new offset, or null. */
    private static RoomMarks.Mark roomEvent(String type, ObjectNode frame) {
        JsonNode room = frame.get("room");
        JsonNode seq = frame.get("seq");
        if (!"message".equals(type) || room == null || !room.isTextual() || seq == null || !seq.canConvertToLong()
                || seq.longValue() <= 0) {
            return null;
        }
        return new RoomMarks.Mark(room.textValue(), seq.longValue(), RoomMarks.offset(seq.longValue()));
    }

    private ArrayNode arguments(Events.Event event) {
        ArrayNode args = mapper.createArrayNode().add(event.name());
        event.args().forEach(args::add);
        return args;
    }

    /** An acknowledgement's arguments: the native answer, or {@code {error: {code, message}}}. */
    private ArrayNode answer(String type, ObjectNode frame) {
        ArrayNode args = mapper.createArrayNode();
        if ("error".equals(type)) {
            ObjectNode error = mapper.createObjectNode();
            error.putObject("error").put("code", frame.path("code").asText()).put("message", frame.path("message").asText());
            return args.add(error);
        }
        return args.add(frame);
    }
}
