package dev.hibiki.hub;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * An outbound frame encoded once for any number of recipients: the JSON text, its UTF-8 bytes,
 * and the complete WebSocket text frame on the wire. A server's frames are not masked, so the
 * wire bytes are the same for every recipient and a fan-out writes one shared buffer to all of
 * them instead of re-encoding the text per connection.
 */
public final class WireFrame {

    private final String text;
    private byte[] utf8;

    private WireFrame(String text) {
        this.text = text;
    }

    public static WireFrame of(String text) {
        return new WireFrame(text);
    }

    public String text() {
        return text;
    }

    /** The payload's UTF-8 bytes, computed on first use (a benign race computes them twice at worst). */
    byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            utf8 = bytes;
        }
        return bytes;
    }

    /** Size on the wire: payload plus frame header. */
    int wireSize() {
        int payload = utf8().length;
        return payload + headerSize(payload);
    }

    /**
     * A final, unmasked text frame (RFC 6455 section 5.2) in a buffer of its own. The caller owns
     * the one reference: a single recipient writes it as it is (the channel releases it once
     * written), a fan-out has each recipient write a retained duplicate and releases its own.
     */
    ByteBuf wireFrame(ByteBufAllocator allocator) {
        byte[] payload = utf8();
        ByteBuf frame = allocator.directBuffer(payload.length + headerSize(payload.length));
        writeHeader(frame, payload.length);
        frame.writeBytes(payload);
        return frame;
    }

    private static int headerSize(int payload) {
        return payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    }

    private static void writeHeader(ByteBuf frame, int payload) {
        frame.writeByte(0x81); // FIN + text opcode
        if (payload < 126) {
            frame.writeByte(payload);
        } else if (payload <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(payload);
        } else {
            frame.writeByte(127);
            frame.writeLong(payload);
        }
    }
}
