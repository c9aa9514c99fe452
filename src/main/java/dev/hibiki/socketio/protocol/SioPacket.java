package dev.hibiki.socketio.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Socket.IO packet (protocol v5, and v4 for Engine.IO v3 clients). Binary attachments have
 * been put back in place as {@code BinaryNode}s by the time a packet is handed on.
 *
 * @param type one of the constants below ({@link #BINARY_EVENT} and {@link #BINARY_ACK} are read
 *             as {@link #EVENT} and {@link #ACK} once their attachments are in)
 * @param nsp the namespace, {@code /} by default
 * @param id the acknowledgement id, or null
 * @param data the JSON payload, or null when the packet has none
 */
public record SioPacket(int type, String nsp, Long id, JsonNode data) {

    public static final int CONNECT = 0;
    public static final int DISCONNECT = 1;
    public static final int EVENT = 2;
    public static final int ACK = 3;
    public static final int CONNECT_ERROR = 4;
    public static final int BINARY_EVENT = 5;
    public static final int BINARY_ACK = 6;
}
