package dev.hibiki.socketio.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO packets and polling payloads, protocol v4 (and v3's length-prefixed payloads, text and
 * binary). A text packet is its type digit and data ({@code 4hello}); a binary message is raw bytes
 * on a WebSocket and {@code b<base64>} in a v4 polling payload, where packets are separated by
 * {@code \u001e}.
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

    /** The first byte of each packet in a v3 binary payload: what follows is text, or bytes. */
    private static final int TEXT_IN_BINARY = 0;
    private static final int BYTES_IN_BINARY = 1;
    /** Ends the length digits of a packet in a v3 binary payload. */
    private static final int LENGTH_END = 0xFF;
    /** More length digits than this cannot fit a payload under any max-payload an int can hold. */
    private static final int MAX_LENGTH_DIGITS = 10;

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

    /**
     * Reads one packet of a WebSocket text frame. A client whose WebSocket cannot carry binary (one
     * that asked for {@code b64}, e.g. socket.io-client 1.x under Node) sends a binary message as
     * base64 text: {@code b4<base64>} in v3, {@code b<base64>} in v4.
     */
    static Packet webSocketText(String frame, int protocol) {
        if (frame.isEmpty() || frame.charAt(0) != 'b') {
            return Packet.text(frame);
        }
        if (protocol == 3) {
            if (frame.length() < 2 || frame.charAt(1) != MESSAGE) {
                throw new Malformed("bad binary packet");
            }
            return new Packet(MESSAGE, base64(frame.substring(2)));
        }
        return new Packet(MESSAGE, base64(frame.substring(1)));
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

    /**
     * Reads a v3 binary payload ({@code application/octet-stream}, what XHR2 clients of the 1.x/2.x
     * line send when their handshake had no {@code b64}): per packet a byte 0 (text) or 1 (bytes),
     * the packet's length in bytes as one byte per decimal digit, 0xFF, then the packet: UTF-8 text
     * ({@code 4...}), or the packet type as a byte (4, a message) and the message's bytes.
     */
    static List<Packet> decodeV3Binary(byte[] payload) {
        List<Packet> packets = new ArrayList<>();
        int at = 0;
        while (at < payload.length) {
            int kind = payload[at++];
            if (kind != TEXT_IN_BINARY && kind != BYTES_IN_BINARY) {
                throw new Malformed("bad binary payload packet kind");
            }
            long length = 0;
            int digits = 0;
            while (true) {
                if (at == payload.length) {
                    throw new Malformed("bad payload length");
                }
                int digit = payload[at++] & 0xFF;
                if (digit == LENGTH_END) {
                    break;
                }
                if (digit > 9 || ++digits > MAX_LENGTH_DIGITS) {
                    throw new Malformed("bad payload length");
                }
                length = length * 10 + digit;
            }
            if (digits == 0 || length < 1 || length > payload.length - at) {
                throw new Malformed("bad payload length");
            }
            int end = at + (int) length;
            if (kind == TEXT_IN_BINARY) {
                packets.add(Packet.text(utf8(payload, at, end - at)));
            } else {
                if (payload[at] != MESSAGE - OPEN) {
                    throw new Malformed("bad binary packet");
                }
                byte[] message = new byte[end - at - 1];
                System.arraycopy(payload, at + 1, message, 0, message.length);
                packets.add(new Packet(MESSAGE, message));
            }
            at = end;
        }
        if (packets.isEmpty()) {
            throw new Malformed("empty payload");
        }
        return packets;
    }

    /**
     * Writes packets into one v3 binary payload (the counterpart of {@link #decodeV3Binary}): what a
     * v3 session whose handshake had no {@code b64} gets, every time, as socket.io-client 1.x in a
     * browser reads nothing else.
     */
    static byte[] encodeV3Binary(List<Object> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object packet : packets) {
            byte[] data;
            if (packet instanceof String text) {
                data = text.getBytes(StandardCharsets.UTF_8);
                out.write(TEXT_IN_BINARY);
                writeLength(out, data.length);
            } else {
                data = (byte[]) packet;
                out.write(BYTES_IN_BINARY);
                writeLength(out, data.length + 1);
                out.write(MESSAGE - OPEN);
            }
            out.write(data, 0, data.length);
        }
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        String digits = Integer.toString(length);
        for (int i = 0; i < digits.length(); i++) {
            out.write(digits.charAt(i) - '0');
        }
        out.write(LENGTH_END);
    }

    private static String utf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("bad UTF-8");
        }
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
