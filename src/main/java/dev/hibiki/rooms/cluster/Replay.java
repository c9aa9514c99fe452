package dev.hibiki.rooms.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.redis.client.Response;

/**
 * What a member that rejoins with {@code since} is sent from the shared history (cluster mode),
 * decided as in local mode: every message after {@code since} in order and {@code recovered}
 * true, or nothing and false when any of them is no longer kept. {@code upTo} is the room's seq
 * when the history was read: live messages held for the member are sent after the replay only if
 * their seq is above it (the others were in the history already, or are part of the gap).
 */
record Replay(boolean recovered, List<String> frames, long upTo) {

    /** One kept history entry. */
    record Entry(long seq, String frame, long publishedAt) {
    }

    static Replay of(long roomSeq, List<Entry> kept, long since, long cutoffMillis) {
        if (since > roomSeq) {
            // Ahead of the room: it was forgotten or closed and started over.
            return new Replay(false, List.of(), roomSeq);
        }
        List<String> frames = new ArrayList<>();
        long expected = since + 1;
        for (Entry entry : kept) {
            if (entry.seq() <= since || entry.publishedAt() < cutoffMillis) {
                continue;
            }
            if (entry.seq() != expected) {
                return new Replay(false, List.of(), roomSeq);
            }
            frames.add(entry.frame());
            expected++;
        }
        boolean complete = expected > roomSeq;
        return new Replay(complete, complete ? frames : List.of(), roomSeq);
    }

    /** The connection each kept message excluded ({@code self: false} senders), by seq. */
    static Map<Long, String> excluded(Response answer) {
        Map<Long, String> excluded = new HashMap<>();
        for (Response entry : answer.get(1)) {
            String id = entry.get(0).toString();
            int dash = id.indexOf('-');
            long seq = Long.parseLong(dash < 0 ? id : id.substring(0, dash));
            Response fields = entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("x".equals(fields.get(i).toString())) {
                    excluded.put(seq, fields.get(i + 1).toString());
                }
            }
        }
        return excluded;
    }

    /** Reads the answer of {@link RoomScripts#RECOVER}. */
    static Replay of(Response answer, long since, long cutoffMillis) {
        long roomSeq = answer.get(0).toLong();
        List<Entry> kept = new ArrayList<>();
        for (Response entry : answer.get(1)) {
            String id = entry.get(0).toString();
            int dash = id.indexOf('-');
            long seq = Long.parseLong(dash < 0 ? id : id.substring(0, dash));
            Response fields = entry.get(1);
            String frame = null;
            long at = 0;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String field = fields.get(i).toString();
                if ("f".equals(field)) {
                    frame = fields.get(i + 1).toString();
                } else if ("t".equals(field)) {
                    at = fields.get(i + 1).toLong();
                }
            }
            if (frame != null) {
                kept.add(new Entry(seq, frame, at));
            }
        }
        return of(roomSeq, kept, since, cutoffMillis);
    }
}
