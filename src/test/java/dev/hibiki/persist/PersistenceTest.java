package dev.hibiki.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.hibiki.hub.Who;
import dev.hibiki.rooms.RoomFrames;
import dev.hibiki.rooms.RoomJournal;
import dev.hibiki.text.TextDocument;
import dev.hibiki.text.TextOp;
import dev.hibiki.text.TextSnapshot;

/** The journal and snapshots on their own: what a restart finds after writes, crashes and snapshots. */
class PersistenceTest {

    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    private Persistence open(int snapshotEvery, int historySize) {
        return new Persistence(true, dir, false, snapshotEvery, historySize, HOUR);
    }

    private static RoomFrames.Message message(String room, long seq, String text) {
        return new RoomFrames.Message(room, new Who("c1", "ann"), text, null, seq, "2026-01-01T00:00:00Z");
    }

    /** Appends "x" to the document, through the same recorder hook TextStore installs. */
    private static void type(TextDocument doc, String s) {
        int length = doc.snapshot().text().length();
        doc.submit(doc.snapshot().rev(), length == 0 ? TextOp.of(s) : TextOp.of(length, s), change -> {
        });
    }

    @Test
    void restartFindsMessagesAndText() {
        Persistence first = open(1000, 100);
        TextDocument doc = new TextDocument("main", 1000, 10, first::textApplied);
        type(doc, "hello");
        type(doc, " world");
        var data = JsonNodeFactory.instance.objectNode().put("n", 7);
        first.published(new RoomFrames.Message("lobby", Who.SERVER, null, data, 1, "t1"), System.currentTimeMillis());
        first.published(message("lobby", 2, "two"), System.currentTimeMillis());
        // close() only releases the directory lock: records are written unbuffered, so this is the
        // state a kill -9 leaves (PersistenceIT kills a real process).
        first.close();

        Persistence second = open(1000, 100);
        assertThat(second.restoredTexts()).containsExactly(new TextSnapshot("main", 2, "hello world"));
        RoomJournal.Restored lobby = second.restoredRooms().get(0);
        assertThat(lobby.room()).isEqualTo("lobby");
        assertThat(lobby.seq()).isEqualTo(2);
        assertThat(lobby.messages()).extracting(RoomFrames.Message::seq).containsExactly(1L, 2L);
        assertThat(lobby.messages().get(0).data().path("n").asInt()).isEqualTo(7);
        assertThat(lobby.messages().get(0).from()).isEqualTo(Who.SERVER);
        assertThat(lobby.messages().get(1).text()).isEqualTo("two");
    }

    @Test
    void tornFinalRecordIsIgnored() throws IOException {
        Persistence first = open(1000, 100);
        first.published(message("r", 1, "kept"), System.currentTimeMillis());
        first.close();
        Path journal = onlyFile("journal-");
        // A crash in the middle of the next write: half a record, cut inside a UTF-8 sequence.
        byte[] half = "{\"k\":\"msg\",\"room\":\"r\",\"seq\":2,\"text\":\"\u3042".getBytes(StandardCharsets.UTF_8);
        Files.write(journal, java.util.Arrays.copyOf(half, half.length - 1), StandardOpenOption.APPEND);

        Persistence second = open(1000, 100);
        assertThat(second.restoredRooms()).hasSize(1);
        assertThat(second.restoredRooms().get(0).messages()).extracting(RoomFrames.Message::text).containsExactly("kept");
        // The restart began a new journal, so the next record does not land behind the torn bytes.
        second.published(message("r", 2, "after"), System.currentTimeMillis());
        second.close();
        assertThat(open(1000, 100).restoredRooms().get(0).messages()).extracting(RoomFrames.Message::text)
                .containsExactly("kept", "after");
    }

    @Test
    void corruptionBeforeTheEndFailsLoudly() throws IOException {
        Path journal = dir.resolve("journal-1.jsonl");
        Files.writeString(journal, "{\"k\":\"close\",\"room\":\"a\"}\nnot json\n{\"k\":\"close\",\"room\":\"b\"}\n");
        assertThatThrownBy(() -> Journal.read(new ObjectMapper(), journal)).hasMessageContaining("line 2");
        assertThatThrownBy(() -> open(10, 10)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void snapshotsStartNewJournalsAndReplayCompletesThem() throws IOException {
        Persistence first = open(5, 100);
        TextDocument doc = new TextDocument("main", 1000, 10, first::textApplied);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 23; i++) {
            type(doc, "w" + i + " ");
            expected.append("w").append(i).append(' ');
            first.published(message("room", i + 1, "m" + i), System.currentTimeMillis());
        }
        // 46 records at 5 per generation: older generations are deleted once their snapshot is written.
        await().atMost(Duration.ofSeconds(10)).until(() -> files("snapshot-").size() == 1 && files("journal-").size() == 1);
        first.close();
        assertThat(files("snapshot-").get(0).getFileName().toString()).isEqualTo("snapshot-10.json");

        Persistence second = open(5, 100);
        assertThat(second.restoredTexts()).containsExactly(new TextSnapshot("main", 23, expected.toString()));
        assertThat(second.restoredRooms().get(0).seq()).isEqualTo(23);
        assertThat(second.restoredRooms().get(0).messages()).hasSize(23);
        assertThat(second.restoredRooms().get(0).messages().get(22).text()).isEqualTo("m22");
    }

    @Test
    void historyIsBoundedAndClosedRoomsAreForgotten() {
        Persistence first = open(1000, 3);
        for (long seq = 1; seq <= 5; seq++) {
            first.published(message("kept", seq, "k" + seq), System.currentTimeMillis());
            first.published(message("gone", seq, "g" + seq), System.currentTimeMillis());
        }
        first.roomClosed("gone");
        first.close();

        List<RoomJournal.Restored> rooms = open(1000, 3).restoredRooms();
        assertThat(rooms).extracting(RoomJournal.Restored::room).containsExactly("kept");
        assertThat(rooms.get(0).seq()).isEqualTo(5);
        assertThat(rooms.get(0).messages()).extracting(RoomFrames.Message::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void oneProcessPerDirectory() {
        Persistence first = open(10, 10);
        assertThatThrownBy(() -> open(10, 10)).hasRootCauseMessage(dir.toAbsolutePath()
                + " is in use by another Hibiki process; each node needs its own data-dir");
        first.close();
        open(10, 10).close();
    }

    @Test
    void disabledReadsAndWritesNothing() throws IOException {
        Persistence off = new Persistence(false, dir.resolve("off"), false, 10, 10, HOUR);
        off.published(message("r", 1, "x"), System.currentTimeMillis());
        assertThat(off.restoredRooms()).isEmpty();
        assertThat(Files.exists(dir.resolve("off"))).isFalse();
    }

    private Path onlyFile(String prefix) throws IOException {
        List<Path> found = files(prefix);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private List<Path> files(String prefix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && !p.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
    }
}
