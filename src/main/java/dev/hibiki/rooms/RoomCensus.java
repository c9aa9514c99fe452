package dev.hibiki.rooms;

/** How many rooms are in use, for status, health and metrics; all they need of the rooms feature. */
public interface RoomCensus {

    /** Rooms that have members on any node (rooms kept only for their history are not counted). */
    int count();
}
