package dev.hibiki.socketio.engine;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO packets and polling payloads, protocol v4 (and v3's length-prefixed payloads). A text
 * packet is its type digit and data ({@code 4hello}); a binary message is raw bytes on a WebSocket
 * and {@code b<base64>} in a v4 polling payload, where packets are separated by {@code \u001e}.
 */
public final class EnginePackets {

    public static final char OPEN = '0';
    public static final char CLOSE = '1';
    public static final char PING = '2';
    public static final char PONG = '3';
    public static final char MESSAGE = '4';
    public static final char UPGRADE = '5';
    public static final char NOOP = '6';

    static final char SEPARATOR = '\u001e';

    private EnginePackets() {
    }

    /** One packet read from a client: its type and its data (String, or byte[] for binary). */
    public record Packet(char type, Object data) {

        static Packet text(String packet) {
            if (packet.isEmpty() || packet.charAt(0) < OPEN || packet.charAt(0) > NOOP) {
                throw new Malformed("unknown packet type");
            }
            return new Packet(packet.charAt(0), packet.substring(1));
        }
    }

    /** A payload or packet that breaks the protocol. */
    public static final class Malformed extends RuntimeException {

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads a v4 polling payload. */
    static List<Packet> decodeV4(String payload) {
        List<Packet> packets = new ArrayList<>();
        int start = 0;
        while (start <= payload.length()) {
            int end = payload.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = payload.length();
            }
            String packet = payload.substring(start, end);
            if (!packet.isEmpty() && packet.charAt(0) == 'b') {
                packets.add(new Packet(MESSAGE, base64(packet.substring(1))));
            } else {
                packets.add(Packet.text(packet));
            }
            start = end + 1;
        }
        return packets;
    }

    /** Reads a v3 polling payload: {@code <length>:<packet>} repeated, lengths in UTF-16 units. */
    static List<Packet> decodeV3(String payload) {
        List<Packet> packets = new ArrayList<>();
        int at = 0;
        while (at < payload.length()) {
            int colon = payload.indexOf(':', at);
            if (colon <= at || colon - at > 10) {
                throw new Malformed("bad payload length");
            }
            int length;
            try {
                length = Integer.parseInt(payload.substring(at, colon));
            } catch (NumberFormatException e) {
                throw new Malformed("bad payload length");
            }
            int end = colon + 1 + length;
            if (length < 1 || end > payload.length()) {
                throw new Malformed("bad payload length");
            }
            String packet = payload.substring(colon + 1, end);
            if (packet.charAt(0) == 'b') {
                if (packet.length() < 2 || packet.charAt(1) != MESSAGE) {
                    throw new Malformed("bad binary packet");
                }
                packets.add(new Packet(MESSAGE, base64(packet.substring(2))));
            } else {
                packets.add(Packet.text(packet));
            }
            at = end;
        }
        if (packets.isEmpty()) {
            throw new Malformed("empty payload");
        }
        return packets;
    }

    /** Writes packets (Strings as they are, byte[]s as binary messages) into one polling payload. */
    static String encode(List<Object> packets, int protocol) {
        StringBuilder out = new StringBuilder();
        for (Object packet : packets) {
            String text = packet instanceof String string ? string
                    : (protocol == 3 ? "b4" : "b") + Base64.getEncoder().encodeToString((byte[]) packet);
            if (protocol == 3) {
                out.append(text.length()).append(':').append(text);
            } else {
                if (!out.isEmpty()) {
                    out.append(SEPARATOR);
                }
                out.append(text);
            }
        }
        return out.toString();
    }

    private static byte[] base64(String data) {
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new Malformed("bad base64");
        }
    }
}
