/**
 * Dropped Socket.IO sessions kept in Redis, so a client recovers on whichever node it reconnects to.
 */
package dev.hibiki.socketio.recovery.cluster;
