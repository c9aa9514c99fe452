/**
 * The Redis backend of rooms: one script per publish (seq, history, publish), recovery from the
 * shared stream, cluster-wide member counts.
 */
package dev.hibiki.rooms.cluster;
