package dev.hibiki.rooms;

import java.util.List;

/**
 * Where published room messages are recorded so that rooms survive a restart (implemented by
 * {@code dev.hibiki.persist}; docs/PERSISTENCE.md). The rooms feature owns this interface so that
 * it never depends on how or whether anything is stored.
 */
public interface RoomJournal {

    /** A room as found at startup: its seq and kept messages with their publication times (epoch millis). */
    record Restored(String room, long seq, List<RoomFrames.Message> messages, List<Long> publishedAt) {
    }

    /** The rooms found at startup. */
    List<Restored> restoredRooms();

    /** Records a published message; returns once it is written. A failure fails the publish. */
    void published(RoomFrames.Message message, long atMillis);

    /** Records that a room was closed: its history does not come back. */
    void roomClosed(String room);
}
