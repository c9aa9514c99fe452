package dev.hibiki.persist;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hibiki.hub.Who;
import dev.hibiki.rooms.RoomFrames;
import dev.hibiki.text.TextOp;

/**
 * What the journal describes: each room's seq and bounded history, each document's text and rev.
 * It holds references to the live (immutable) messages and texts, so it costs little memory; it is
 * what a snapshot writes. Not thread-safe: {@link Persistence} guards it.
 */
final class State {

    static final String MESSAGE = "msg";
    static final String CLOSE = "close";
    static final String TEXT = "text";

    /** A kept message and when it was published (epoch millis), for the age limit of the history. */
    record Kept(RoomFrames.Message message, long at) {
    }

    static final class RoomState {
        long seq;
        final ArrayDeque<Kept> history = new ArrayDeque<>();
    }

    record Doc(String text, long rev) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final Map<String, RoomState> rooms = new LinkedHashMap<>();
    final Map<String, Doc> docs = new LinkedHashMap<>();
    private final int historySize;

    State(int historySize) {
        this.historySize = historySize;
    }

    // ---- live changes (also used by replay) ----

    void message(RoomFrames.Message message, long at) {
        RoomState room = rooms.computeIfAbsent(message.room(), r -> new RoomState());
        room.seq = Math.max(room.seq, message.seq());
        if (historySize > 0) {
            room.history.addLast(new Kept(message, at));
            while (room.history.size() > historySize) {
                room.history.removeFirst();
            }
        }
    }

    void closed(String room) {
        rooms.remove(room);
    }

    void text(String doc, long rev, String text) {
        docs.put(doc, new Doc(text, rev));
    }

    /** Drops messages older than {@code cutoff} and rooms left without history (Rooms forgets them too). */
    void forgetBefore(long cutoff) {
        rooms.values().removeIf(room -> {
            while (!room.history.isEmpty() && room.history.peekFirst().at() < cutoff) {
                room.history.removeFirst();
            }
            return room.history.isEmpty();
        });
    }

    State copy() {
        State copy = new State(historySize);
        rooms.forEach((name, room) -> {
            RoomState r = new RoomState();
            r.seq = room.seq;
            r.history.addAll(room.history);
            copy.rooms.put(name, r);
        });
        copy.docs.putAll(docs);
        return copy;
    }

    // ---- journal records ----

    static ObjectNode messageRecord(RoomFrames.Message m, long at) {
        ObjectNode rec = NODES.objectNode().put("k", MESSAGE).put("room", m.room()).put("seq", m.seq()).put("at", at);
        if (m.from() != null) {
            rec.putObject("from").put("id", m.from().id()).put("name", m.from().name());
        }
        if (m.text() != null) {
            rec.put("text", m.text());
        }
        if (m.data() != null) {
            rec.set("data", m.data());
        }
        return rec.put("ts", m.ts());
    }

    static ObjectNode closeRecord(String room) {
        return NODES.objectNode().put("k", CLOSE).put("room", room);
    }

    static ObjectNode textRecord(String doc, long rev, TextOp op) {
        ObjectNode rec = NODES.objectNode().put("k", TEXT).put("doc", doc).put("rev", rev);
        ArrayNode ops = rec.putArray("op");
        for (Object c : op.json()) {
            if (c instanceof Integer n) {
                ops.add(n);
            } else {
                ops.add((String) c);
            }
        }
        return rec;
    }

    /** Replays one journal record. */
    void replay(JsonNode rec) {
        switch (rec.path("k").asText()) {
            case MESSAGE -> message(readMessage(rec), rec.path("at").asLong());
            case CLOSE -> closed(rec.path("room").asText());
            case TEXT -> {
                String doc = rec.path("doc").asText();
                long rev = rec.path("rev").asLong();
                Doc current = docs.getOrDefault(doc, new Doc("", 0));
                if (rev <= current.rev()) {
                    return; // already in the snapshot
                }
                if (rev != current.rev() + 1) {
                    throw new IllegalStateException("journal skips from rev " + current.rev() + " to " + rev + " of " + doc);
                }
                TextOp op = TextOp.fromJson(rec.path("op"), Integer.MAX_VALUE, Integer.MAX_VALUE);
                docs.put(doc, new Doc(op.apply(current.text()), rev));
            }
            default -> throw new IllegalStateException("unknown journal record " + rec);
        }
    }

    private static RoomFrames.Message readMessage(JsonNode rec) {
        JsonNode from = rec.path("from");
        Who who = from.isObject() ? new Who(from.path("id").asText(), from.path("name").asText()) : null;
        JsonNode data = rec.get("data");
        return new RoomFrames.Message(rec.path("room").asText(), who, rec.hasNonNull("text") ? rec.get("text").asText() : null,
                data == null || data.isNull() ? null : data, rec.path("seq").asLong(), rec.path("ts").asText());
    }

    // ---- snapshots ----

    ObjectNode toSnapshot(long gen) {
        ObjectNode snap = NODES.objectNode().put("gen", gen);
        ArrayNode roomList = snap.putArray("rooms");
        rooms.forEach((name, room) -> {
            ObjectNode r = roomList.addObject().put("room", name).put("seq", room.seq);
            ArrayNode messages = r.putArray("messages");
            for (Kept kept : room.history) {
                messages.add(messageRecord(kept.message(), kept.at()));
            }
        });
        ArrayNode docList = snap.putArray("docs");
        docs.forEach((name, doc) -> docList.addObject().put("doc", name).put("rev", doc.rev()).put("text", doc.text()));
        return snap;
    }

    void loadSnapshot(JsonNode snap) {
        for (JsonNode r : snap.path("rooms")) {
            for (JsonNode m : r.path("messages")) {
                message(readMessage(m), m.path("at").asLong());
            }
            rooms.computeIfAbsent(r.path("room").asText(), n -> new RoomState()).seq = r.path("seq").asLong();
        }
        for (JsonNode d : snap.path("docs")) {
            docs.put(d.path("doc").asText(), new Doc(d.path("text").asText(), d.path("rev").asLong()));
        }
    }

    List<Kept> history(String room) {
        RoomState r = rooms.get(room);
        return r == null ? List.of() : new ArrayList<>(r.history);
    }
}
