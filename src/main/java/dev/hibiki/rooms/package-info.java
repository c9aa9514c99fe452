/**
 * Rooms: joining, publishing in {@code seq} order, history and recovery ({@code join {since}}),
 * closing. {@link dev.hibiki.rooms.Rooms} checks the rules; a {@link dev.hibiki.rooms.RoomsBackend}
 * numbers, keeps and delivers ({@link dev.hibiki.rooms.LocalRooms} on one node, {@code
 * cluster.RedisRooms} across nodes) through {@link dev.hibiki.rooms.RoomTable}. Persistence plugs
 * in through {@link dev.hibiki.rooms.RoomJournal}.
 */
package dev.hibiki.rooms;
