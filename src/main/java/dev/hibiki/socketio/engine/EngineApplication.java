package dev.hibiki.socketio.engine;

/** What runs on top of Engine.IO sessions (the Socket.IO layer): told of each new session. */
public interface EngineApplication {

    /**
     * A session has been opened (its open packet is queued): set its listener. Packets sent here
     * go out with the handshake's answer.
     */
    void opened(EngineSession session);
}
