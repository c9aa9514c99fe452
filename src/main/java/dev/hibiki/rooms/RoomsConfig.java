package dev.hibiki.rooms;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Rooms: how much history each keeps for recovery, and how many may exist. */
@ConfigMapping(prefix = "hibiki.rooms")
public interface RoomsConfig {

    History history();

    /**
     * Rooms with members that may exist at once on this node (what `/api/status` counts); joining a
     * new one beyond is `forbidden`. Rooms kept only for their history do not count.
     */
    @WithDefault("10000")
    int maxRooms();

    interface History {
        /** Messages each room keeps for `join {since}` recovery. 0 disables recovery. */
        @WithDefault("100")
        int size();

        /** How long a message stays recoverable; an empty room is forgotten once its history is this old. */
        @WithDefault("5m")
        Duration maxAge();

        /**
         * Empty rooms this node keeps for their history at most; past it the room that emptied
         * longest ago is forgotten (its history is no longer recoverable), so rooms made only to be
         * kept cannot grow the table without bound.
         */
        @WithDefault("10000")
        int maxEmptyRooms();
    }
}
