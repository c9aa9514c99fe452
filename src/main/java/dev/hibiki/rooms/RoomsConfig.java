package dev.hibiki.rooms;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Rooms: how much history each keeps for recovery, and how many may exist. */
@ConfigMapping(prefix = "hibiki.rooms")
public interface RoomsConfig {

    History history();

    /** Rooms that may exist at once on this node; joining a new one beyond is `forbidden`. */
    @WithDefault("10000")
    int maxRooms();

    interface History {
        /** Messages each room keeps for `join {since}` recovery. 0 disables recovery. */
        @WithDefault("100")
        int size();

        /** How long a message stays recoverable; an empty room is forgotten once its history is this old. */
        @WithDefault("5m")
        Duration maxAge();
    }
}
