package dev.hibiki.hub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * An outbound frame encoded once for any number of recipients: the JSON text, its UTF-8 bytes,
 * and the complete WebSocket text frame on the wire. A server's frames are not masked, so the
 * wire bytes are the same for every recipient and a fan-out writes one shared buffer to all of
 * them instead of re-encoding the text per connection.
 * <p>
 * A frame translated into a {@link Dialect} may be several packets (a Socket.IO event and its
 * binary attachments, or two events for one hub frame): each part is one WebSocket frame, text
 * ({@code String}) or binary ({@code byte[]}), and the wire form holds them all in order.
 */
public final class WireFrame {

    /** Marks "this dialect has nothing for the frame" in the translation cache. */
    private static final WireFrame NOTHING = new WireFrame("", null);

    private final String text;
    /** Null for the usual single text frame; else the parts, each a String or a byte[]. */
    private final Object[] parts;
    /** The parts' payloads, made once (a translated frame is written to many peers). */
    private final byte[][] payloads;
    private byte[] utf8;
    /** Translations made so far: dialect, frame, dialect, frame... (copy on write). */
    private volatile Object[] translations;

    private WireFrame(String text, Object[] parts) {
        this.text = text;
        this.parts = parts;
        if (parts == null) {
            this.payloads = null;
        } else {
            this.payloads = new byte[parts.length][];
            for (int i = 0; i < parts.length; i++) {
                payloads[i] = parts[i] instanceof String string ? string.getBytes(StandardCharsets.UTF_8) : (byte[]) parts[i];
            }
        }
    }

    public static WireFrame of(String text) {
        return new WireFrame(text, null);
    }

    /** A frame of several WebSocket frames: each part a String (text) or a byte[] (binary). */
    public static WireFrame ofParts(List<?> parts) {
        if (parts.size() == 1 && parts.get(0) instanceof String single) {
            return of(single);
        }
        Object[] copy = parts.toArray();
        for (Object part : copy) {
            if (!(part instanceof String) && !(part instanceof byte[])) {
                throw new IllegalArgumentException("a part is a String or a byte[]");
            }
        }
        return new WireFrame(copy.length > 0 && copy[0] instanceof String first ? first : "", copy);
    }

    /** The JSON text (of the first part, for a frame of several). */
    public String text() {
        return text;
    }

    /** Every part in order: Strings (text frames) and byte[]s (binary frames). */
    public List<Object> parts() {
        return parts == null ? List.of(text) : Arrays.asList(parts);
    }

    /**
     * This frame in {@code dialect}'s words, or null when the dialect has nothing for it. Translated
     * once per dialect, then shared by every recipient speaking it.
     */
    public WireFrame in(Dialect dialect) {
        WireFrame found = cached(translations, dialect);
        if (found == null) {
            synchronized (this) {
                Object[] known = translations;
                found = cached(known, dialect);
                if (found == null) {
                    WireFrame made = dialect.translate(this);
                    found = made == null ? NOTHING : made;
                    Object[] grown = known == null ? new Object[2] : Arrays.copyOf(known, known.length + 2);
                    grown[grown.length - 2] = dialect;
                    grown[grown.length - 1] = found;
                    translations = grown;
                }
            }
        }
        return found == NOTHING ? null : found;
    }

    private static WireFrame cached(Object[] known, Dialect dialect) {
        if (known != null) {
            for (int i = 0; i < known.length; i += 2) {
                if (known[i] == dialect) {
                    return (WireFrame) known[i + 1];
                }
            }
        }
        return null;
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

    /** Size on the wire: payloads plus frame headers. */
    public int wireSize() {
        if (parts == null) {
            int payload = utf8().length;
            return payload + headerSize(payload);
        }
        int size = 0;
        for (byte[] bytes : payloads) {
            int payload = bytes.length;
            size += payload + headerSize(payload);
        }
        return size;
    }

    /**
     * Unmasked final frames (RFC 6455 section 5.2) in a buffer of its own. The caller owns
     * the one reference: a single recipient writes it as it is (the channel releases it once
     * written), a fan-out has each recipient write a retained duplicate and releases its own.
     */
    public ByteBuf wireFrame(ByteBufAllocator allocator) {
        if (parts == null) {
            byte[] payload = utf8();
            ByteBuf frame = allocator.directBuffer(payload.length + headerSize(payload.length));
            writeHeader(frame, 0x81, payload.length); // FIN + text
            frame.writeBytes(payload);
            return frame;
        }
        ByteBuf frames = allocator.directBuffer(wireSize());
        for (int i = 0; i < parts.length; i++) {
            byte[] payload = payloads[i];
            writeHeader(frames, parts[i] instanceof String ? 0x81 : 0x82, payload.length); // FIN + text/binary
            frames.writeBytes(payload);
        }
        return frames;
    }

    private static int headerSize(int payload) {
        return payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    }

    private static void writeHeader(ByteBuf frame, int first, int payload) {
        frame.writeByte(first);
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
