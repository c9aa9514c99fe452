package dev.hibiki.socketio.recovery;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.hibiki.hub.Dialect;
import dev.hibiki.hub.WireFrame;

/**
 * Room events and their offsets. A room event's Socket.IO translation ends with an offset, the
 * string the official client keeps as its last offset and sends back when it reconnects; the
 * offset stands for the room and seq of the event and is the same for every member (encode-once).
 * <p>
 * The dialect also marks the translation with its room, seq and offset, and a tracked socket reads
 * the mark when the frame is sent to it. The mark lives in the frame's own translation cache under
 * a key of its own ({@link WireFrame#in}): one lookup per recipient and no shared table to bound.
 * Only the dialect can mark a frame, so an event whose content merely looks like an offset (a chat
 * message, say) is never taken for a room event. The random part of an offset keeps anyone from
 * predicting the offset of an event not sent yet.
 */
public final class RoomMarks {

    /** A room event: its room, its seq there, and the offset the client gets with it. */
    public record Mark(String room, long seq, String offset) {
    }

    /** The mark being attached, read by {@link #KEY} on the same thread. */
    private static final ThreadLocal<Mark> ATTACHING = new ThreadLocal<>();

    /** The "dialect" under which a translated frame caches its mark (offset and room as two parts). */
    private static final Dialect KEY = frame -> {
        Mark mark = ATTACHING.get();
        return mark == null ? null : WireFrame.ofParts(List.of(mark.offset(), mark.room()));
    };

    private RoomMarks() {
    }

    /** A new offset for a room event with {@code seq}: the seq, a dash, and 8 random base-36 characters. */
    public static String offset(long seq) {
        long random = ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36 * 36 * 36);
        StringBuilder offset = new StringBuilder(Long.toString(seq)).append('-');
        String tail = Long.toString(random, 36);
        for (int i = tail.length(); i < 8; i++) {
            offset.append('0');
        }
        return offset.append(tail).toString();
    }

    /**
     * Marks a frame just made, before anyone else holds it: its cache is empty, so the key's
     * translation runs here, on this thread, and reads the mark.
     */
    public static WireFrame mark(WireFrame translated, Mark mark) {
        ATTACHING.set(mark);
        try {
            translated.in(KEY);
        } finally {
            ATTACHING.remove();
        }
        return translated;
    }

    /** The mark of a frame sent to a socket, or null when it is not a room event. */
    public static Mark of(WireFrame frame) {
        WireFrame marker = frame.in(KEY);
        if (marker == null) {
            return null;
        }
        List<Object> parts = marker.parts();
        String offset = (String) parts.get(0);
        return new Mark((String) parts.get(1), seqOf(offset), offset);
    }

    private static long seqOf(String offset) {
        long seq = 0;
        for (int i = 0; i < offset.length() && offset.charAt(i) != '-'; i++) {
            seq = seq * 10 + (offset.charAt(i) - '0');
        }
        return seq;
    }
}
