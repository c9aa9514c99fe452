package dev.hibiki.rooms.cluster;

import dev.hibiki.rooms.RoomFrames;
import dev.hibiki.hub.Json;

/**
 * A room `message` frame encoded once, cut where its {@code seq} goes, because in cluster mode
 * the seq is only known inside the Redis script that publishes it: the script joins
 * {@code prefix + seq + suffix}, so every node receives the finished frame and no node encodes it
 * again.
 */
record MessageTemplate(String prefix, String suffix) {

    /** The encoded fields around the seq: `"seq":` ends the prefix, `,"ts":` starts the suffix. */
    private static final String CUT = "\"seq\":0,\"ts\":";

    /**
     * Encodes {@code message}, whose seq must be 0. The seq is found from the end: `ts` is the
     * last field and a server timestamp, so the last match is the frame's own seq even when
     * {@code data} holds the same characters.
     */
    static MessageTemplate of(Json json, RoomFrames.Message message) {
        if (message.seq() != 0 || message.ts() == null) {
            throw new IllegalArgumentException("a template needs seq 0 and a ts");
        }
        String encoded = json.encode(message);
        int at = encoded.lastIndexOf(CUT);
        if (at < 0) {
            throw new IllegalStateException("encoded message has no seq before its ts: " + encoded);
        }
        int digit = at + "\"seq\":".length();
        return new MessageTemplate(encoded.substring(0, digit), encoded.substring(digit + 1));
    }

    String withSeq(long seq) {
        return prefix + seq + suffix;
    }
}
