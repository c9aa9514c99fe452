package dev.hibiki.rooms.cluster;

import dev.hibiki.rooms.RoomFrames;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.hub.Json;
import dev.hibiki.hub.Who;

/**
 * The pieces of rooms across nodes that need no Redis: the frame cut around its seq, the replay
 * decision of `join {since}`, the per-node member counts, and room names on the bus.
 * (RoomsClusterIT runs them against real nodes and a real Redis.)
 */
class RedisRoomsLogicTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Json json = new Json(mapper);

    @Test
    void aTemplateWithItsSeqIsTheFrameEncodedWithThatSeq() throws Exception {
        // data holding the very characters the cut looks for must not confuse it
        var data = mapper.readTree("{\"seq\":0,\"ts\":\"x\",\"note\":\"\\\"seq\\\":0,\\\"ts\\\":\"}");
        var unnumbered = new RoomFrames.Message("ロビー lobby", new Who("c1", "alice"), "hi \"seq\":0,\"ts\":", data, 0,
                "2026-11-26T04:00:00Z");
        MessageTemplate template = MessageTemplate.of(json, unnumbered);
        for (long seq : List.of(1L, 42L, 9_007_199_254_740_000L)) {
            var numbered = new RoomFrames.Message(unnumbered.room(), unnumbered.from(), unnumbered.text(), data, seq,
                    unnumbered.ts());
            assertThat(template.withSeq(seq)).isEqualTo(json.encode(numbered));
        }
    }

    @Test
    void aTemplateWithoutTextOrDataStillCuts() {
        var unnumbered = new RoomFrames.Message("r", Who.SERVER, null, mapper.createArrayNode().add(1), 0,
                "2026-11-26T04:00:00Z");
        assertThat(MessageTemplate.of(json, unnumbered).withSeq(7))
                .isEqualTo("{\"type\":\"message\",\"room\":\"r\",\"from\":{\"id\":\"server\",\"name\":\"server\"},"
                        + "\"data\":[1],\"seq\":7,\"ts\":\"2026-11-26T04:00:00Z\"}");
    }

    private static List<Replay.Entry> entries(long from, long to, long at) {
        return java.util.stream.LongStream.rangeClosed(from, to).mapToObj(seq -> new Replay.Entry(seq, "m" + seq, at))
                .toList();
    }

    @Test
    void replaySendsEverythingAfterSinceWhenAllOfItIsKept() {
        Replay replay = Replay.of(10, entries(4, 10, 1000), 6, 0);
        assertThat(replay.recovered()).isTrue();
        assertThat(replay.frames()).containsExactly("m7", "m8", "m9", "m10");
        assertThat(replay.upTo()).isEqualTo(10);
    }

    @Test
    void replayOfNothingMissedIsRecovered() {
        assertThat(Replay.of(10, List.of(), 10, 0)).isEqualTo(new Replay(true, List.of(), 10));
        assertThat(Replay.of(0, List.of(), 0, 0)).isEqualTo(new Replay(true, List.of(), 0));
    }

    @Test
    void replayWithAGapIsNotRecoveredAndSendsNothing() {
        // trimmed: the oldest kept is 5, the client last saw 2
        assertThat(Replay.of(10, entries(5, 10, 1000), 2, 0)).isEqualTo(new Replay(false, List.of(), 10));
        // history disabled (no entries) while messages were missed
        assertThat(Replay.of(10, List.of(), 9, 0)).isEqualTo(new Replay(false, List.of(), 10));
    }

    @Test
    void replayIgnoresMessagesOlderThanMaxAge() {
        List<Replay.Entry> kept = new java.util.ArrayList<>(entries(1, 3, 100));
        kept.addAll(entries(4, 5, 5000));
        assertThat(Replay.of(5, kept, 3, 1000)).isEqualTo(new Replay(true, List.of("m4", "m5"), 5));
        assertThat(Replay.of(5, kept, 2, 1000).recovered()).isFalse();
    }

    @Test
    void replayAheadOfTheRoomMeansItStartedOver() {
        assertThat(Replay.of(3, entries(1, 3, 1000), 50, 0)).isEqualTo(new Replay(false, List.of(), 3));
    }

    @Test
    void countsAreAbsolutePerNodeAndForgottenWithTheNode() {
        RoomCounts counts = new RoomCounts();
        counts.set("n2", "lobby", 3);
        counts.set("n3", "lobby", 2);
        counts.set("n3", "lobby", 2); // repeated announcement: no change
        counts.set("n3", "other", 1);
        assertThat(counts.members("lobby")).isEqualTo(5);
        assertThat(counts.rooms()).containsExactlyInAnyOrderEntriesOf(Map.of("lobby", 5, "other", 1));

        counts.forgetNode("n3");
        assertThat(counts.members("lobby")).isEqualTo(3);
        assertThat(counts.rooms()).containsOnlyKeys("lobby");

        counts.replace("n2", Map.of("new", 4));
        assertThat(counts.members("lobby")).isZero();
        assertThat(counts.rooms()).containsExactlyEntriesOf(Map.of("new", 4));

        counts.set("n2", "new", 0);
        assertThat(counts.rooms()).isEmpty();
        counts.set("n4", "closing", 2);
        counts.forgetRoom("closing");
        assertThat(counts.members("closing")).isZero();
    }

    @Test
    void roomNamesTravelAsSingleEnvelopeFields() {
        for (String room : List.of("lobby", "two words", "ロビー", "a+b%20c", "-", "x:seq")) {
            String token = RedisRooms.token(room);
            assertThat(token).doesNotContain(" ", "\n").isNotEmpty();
            assertThat(RedisRooms.room(token)).isEqualTo(room);
        }
    }
}
