package dev.hibiki.socketio.recovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The room events most recently sent to one socket, in the order its transport carries them.
 * The client's offset names the last one it received; as the stream is ordered, it received every
 * event sent before that one too, and none after. That is all recovery needs to know where the
 * client stands in each of its rooms ({@link SavedSession#positions}).
 * <p>
 * Bounded: at most {@code capacity} events (the oldest go first), kept in arrays that grow as
 * needed, so a socket that never gets a room event costs nothing.
 */
public final class SentLog {

    private final int capacity;
    /** The client's offset when this socket began: what it had received before, or null. */
    private final String startOffset;
    private String[] offsets = new String[0];
    private String[] rooms = new String[0];
    private long[] seqs = new long[0];
    private int first;
    private int size;
    /** True once an event was dropped to make room: the log no longer starts at the socket's start. */
    private boolean evicted;

    public SentLog(int capacity, String startOffset) {
        this.capacity = Math.max(1, capacity);
        this.startOffset = startOffset;
    }

    /** A room event was handed to the socket's transport. */
    public synchronized void sent(RoomMarks.Mark mark) {
        if (size == capacity) {
            first = (first + 1) % capacity;
            size--;
            evicted = true;
        } else if (size == offsets.length) {
            grow();
        }
        int at = (first + size) % offsets.length;
        offsets[at] = mark.offset();
        rooms[at] = mark.room();
        seqs[at] = mark.seq();
        size++;
    }

    private void grow() {
        int length = Math.min(capacity, Math.max(8, offsets.length * 2));
        String[] newOffsets = new String[length];
        String[] newRooms = new String[length];
        long[] newSeqs = new long[length];
        for (int i = 0; i < size; i++) {
            int from = (first + i) % offsets.length;
            newOffsets[i] = offsets[from];
            newRooms[i] = rooms[from];
            newSeqs[i] = seqs[from];
        }
        offsets = newOffsets;
        rooms = newRooms;
        seqs = newSeqs;
        first = 0;
    }

    /** The offset the client had when this socket began (null for a first connection). */
    public String startOffset() {
        return startOffset;
    }

    /** True while the log still holds every room event the socket was sent. */
    public synchronized boolean complete() {
        return !evicted;
    }

    /** The events in order, oldest first. */
    public synchronized List<SavedSession.Sent> events() {
        List<SavedSession.Sent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = (first + i) % offsets.length;
            events.add(new SavedSession.Sent(offsets[at], rooms[at], seqs[at]));
        }
        return events;
    }

    @Override
    public synchronized String toString() {
        return "SentLog[" + size + "/" + capacity + (evicted ? ", evicted" : "") + ", first "
                + (size == 0 ? "-" : Arrays.asList(offsets[first], rooms[first])) + "]";
    }
}
