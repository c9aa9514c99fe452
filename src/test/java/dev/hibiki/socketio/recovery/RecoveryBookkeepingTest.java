package dev.hibiki.socketio.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hibiki.hub.WireFrame;

/**
 * Where a client stands in each room, worked out from the one offset it sends back; the bounded
 * log behind it; the marks that tell room events from other frames; dropped sessions kept once.
 */
class RecoveryBookkeepingTest {

    private static RoomMarks.Mark mark(String room, long seq, String offset) {
        return new RoomMarks.Mark(room, seq, offset);
    }

    private static SavedSession saved(SentLog log, Map<String, Long> rooms) {
        return new SavedSession("pid", "/", "sid", "aiko", null, log.startOffset(), log.complete(), rooms, log.events());
    }

    @Test
    void eachRoomResumesJustBeforeItsFirstEventAfterTheLastOneReceived() {
        SentLog log = new SentLog(16, null);
        log.sent(mark("a", 1, "o1"));
        log.sent(mark("b", 5, "o2"));
        log.sent(mark("a", 2, "o3"));
        log.sent(mark("b", 6, "o4"));
        SavedSession session = saved(log, Map.of("a", 2L, "b", 6L, "c", 9L));

        assertThat(session.positions("o2")).isEqualTo(Map.of("a", 1L, "b", 5L, "c", 9L));
        assertThat(session.positions("o4")).as("everything received").isEqualTo(Map.of("a", 2L, "b", 6L, "c", 9L));
        assertThat(session.positions(null)).as("nothing received yet").isEqualTo(Map.of("a", 0L, "b", 4L, "c", 9L));
        assertThat(session.positions("not-an-offset")).as("an offset it was never sent").isNull();
    }

    @Test
    void aClientThatReceivedNothingSinceItsLastRecoveryResumesFromThere() {
        SentLog log = new SentLog(16, "o-before");
        log.sent(mark("a", 7, "o7"));
        SavedSession session = saved(log, Map.of("a", 7L));
        assertThat(session.positions("o-before")).isEqualTo(Map.of("a", 6L));
        assertThat(session.positions(null)).isNull();
    }

    @Test
    void theLogIsBoundedAndAnOffsetOlderThanItIsUnknown() {
        SentLog log = new SentLog(2, null);
        log.sent(mark("a", 1, "o1"));
        log.sent(mark("a", 2, "o2"));
        log.sent(mark("a", 3, "o3"));
        assertThat(log.complete()).isFalse();
        assertThat(log.events()).extracting(SavedSession.Sent::offset).containsExactly("o2", "o3");
        SavedSession session = saved(log, Map.of("a", 3L));
        assertThat(session.positions("o1")).isNull();
        assertThat(session.positions(null)).as("its start is gone").isNull();
        assertThat(session.positions("o2")).isEqualTo(Map.of("a", 2L));
    }

    @Test
    void onlyTheDialectsMarkMakesARoomEvent() {
        String offset = RoomMarks.offset(42);
        assertThat(offset).matches("42-[0-9a-z]{8}");
        WireFrame event = RoomMarks.mark(WireFrame.of("42[\"message\",{},\"" + offset + "\"]"), mark("lobby", 42, offset));
        assertThat(RoomMarks.of(event)).isEqualTo(mark("lobby", 42, offset));
        WireFrame lookalike = WireFrame.of("42[\"receive_message\",\"" + offset + "\"]");
        assertThat(RoomMarks.of(lookalike)).isNull();
        assertThat(RoomMarks.offset(42)).as("unpredictable").isNotEqualTo(offset);
    }

    @Test
    void aDroppedSessionIsTakenOnceAndNotAfterItsTime() {
        LocalSessions sessions = new LocalSessions(2);
        SavedSession one = new SavedSession("p1", "/", "s1", "a", null, null, true, Map.of(), List.of());
        sessions.keep(one, Duration.ofMinutes(2));
        assertThat(sessions.take("p1").toCompletableFuture().join()).isEqualTo(one);
        assertThat(sessions.take("p1").toCompletableFuture().join()).isNull();

        sessions.keep(one, Duration.ZERO);
        assertThat(sessions.take("p1").toCompletableFuture().join()).as("expired").isNull();
    }

    @Test
    void theOldestSessionsGoFirstPastTheLimit() {
        LocalSessions sessions = new LocalSessions(2);
        for (String pid : List.of("p1", "p2", "p3")) {
            sessions.keep(new SavedSession(pid, "/", pid, "a", null, null, true, Map.of(), List.of()), Duration.ofMinutes(2));
        }
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.take("p1").toCompletableFuture().join()).isNull();
        assertThat(sessions.take("p3").toCompletableFuture().join()).isNotNull();
    }
}
