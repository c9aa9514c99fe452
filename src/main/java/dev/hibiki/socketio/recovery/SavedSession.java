package dev.hibiki.socketio.recovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a socket dropped by its transport leaves behind for the client to come back to: its ids,
 * who it was, the rooms it was in, and the room events it was sent. Kept for
 * {@code hibiki.socketio.recovery.max-disconnection-duration}, taken once.
 *
 * @param pid the private session id the client sends back (a secret: whoever has it gets the session)
 * @param sid the socket id, which a recovered socket keeps
 * @param name the display name the socket had
 * @param subject the authenticated identity, or null when authentication is off; a recovery must
 *            present a token for the same one
 * @param startOffset the client's offset when the socket began ({@link SentLog#startOffset})
 * @param complete whether {@code sent} goes back to the socket's start
 * @param rooms each room the socket was in, with the last seq its node had delivered there
 * @param sent the room events the socket was sent, oldest first
 */
@RegisterForReflection
public record SavedSession(String pid, String namespace, String sid, String name, String subject, String startOffset,
        boolean complete, Map<String, Long> rooms, List<Sent> sent) {

    /** One room event sent to the socket. */
    @RegisterForReflection
    public record Sent(String offset, String room, long seq) {
    }

    /**
     * The last seq the client received in each of its rooms, given the offset of the last room event
     * it received (null for none): for each room, just before the first of its events sent after
     * that one, or else all that its node had delivered there. Null when the offset is not one this
     * socket was sent, or is older than what was kept: then where the client stands is unknown.
     */
    public Map<String, Long> positions(String offset) {
        int from;
        if (offset == null ? startOffset == null : offset.equals(startOffset)) {
            if (!complete) {
                return null; // received nothing of this socket's, and the start of its log is gone
            }
            from = 0;
        } else {
            from = -1;
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (sent.get(i).offset().equals(offset)) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                return null;
            }
        }
        Map<String, Long> positions = new HashMap<>(rooms);
        Map<String, Long> firstMissed = new HashMap<>();
        for (Sent event : sent.subList(from, sent.size())) {
            firstMissed.merge(event.room(), event.seq(), Math::min);
        }
        firstMissed.forEach((room, seq) -> positions.computeIfPresent(room, (r, delivered) -> seq - 1));
        return positions;
    }
}
