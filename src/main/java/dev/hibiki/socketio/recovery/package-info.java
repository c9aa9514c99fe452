/**
 * Socket.IO connection state recovery: the offsets room events carry, what each socket was sent
 * ({@link dev.hibiki.socketio.recovery.SentLog}), the session a dropped socket leaves behind
 * ({@link dev.hibiki.socketio.recovery.SavedSession}) and where it waits for the client
 * ({@link dev.hibiki.socketio.recovery.SessionStore}: this node, or Redis in cluster mode).
 */
package dev.hibiki.socketio.recovery;
