package dev.hibiki.persist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.rooms.RoomFrames;
import dev.hibiki.rooms.RoomJournal;
import dev.hibiki.rooms.RoomsConfig;
import dev.hibiki.text.TextChange;
import dev.hibiki.text.TextJournal;
import dev.hibiki.text.TextSnapshot;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Keeps room histories and shared texts across restarts with a journal plus snapshots in
 * {@code hibiki.persistence.data-dir} (docs/PERSISTENCE.md). {@link #published} and
 * {@link #textApplied} are called by Rooms and TextDocument before they acknowledge or fan out, so
 * whatever a client saw acknowledged is in the journal.
 *
 * <p>Files: {@code snapshot-G.json} is the state at the start of {@code journal-G.jsonl}. Recovery
 * reads the newest snapshot and replays the journals from its generation on. Every
 * {@code snapshot-every} records a new generation begins: the journal switches at once (under the
 * lock) and the snapshot is written by a background thread (temp file, fsync, atomic rename); older
 * files are deleted only once it is in place.
 */
@Startup // recover at startup on the main thread, not on the event loop of the first client
@Singleton
public class Persistence implements RoomJournal, TextJournal {

    private static final Logger LOG = Logger.getLogger(Persistence.class);
    private static final Pattern FILE = Pattern.compile("(snapshot|journal)-(\\d+)\\.(json|jsonl)");

    private final ObjectMapper mapper = new ObjectMapper();
    private final boolean enabled;
    private final Path dir;
    private final boolean fsync;
    private final int snapshotEvery;
    private final long maxAgeMillis;
    private final State state;
    private final List<RoomJournal.Restored> restoredRooms = new ArrayList<>();
    private final List<TextSnapshot> restoredTexts = new ArrayList<>();
    private ExecutorService snapshots;
    /** Held for the life of the process so a second server cannot use the same directory. */
    private FileChannel lockFile;
    private Journal journal;
    private long gen;
    private int records;

    @Inject
    Persistence(PersistConfig config, RoomsConfig rooms) {
        this(config.enabled(), Path.of(config.dataDir()), config.fsync(), config.snapshotEvery(),
                rooms.history().size(), rooms.history().maxAge().toMillis());
    }

    Persistence(boolean enabled, Path dir, boolean fsync, int snapshotEvery, int historySize, long maxAgeMillis) {
        this.enabled = enabled;
        this.dir = dir.toAbsolutePath();
        this.fsync = fsync;
        this.snapshotEvery = Math.max(1, snapshotEvery);
        this.maxAgeMillis = maxAgeMillis;
        this.state = new State(historySize);
        if (!enabled) {
            return;
        }
        try {
            recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover from " + this.dir, e);
        }
    }

    /** The rooms found at startup, for Rooms to restore. */
    @Override
    public List<RoomJournal.Restored> restoredRooms() {
        return restoredRooms;
    }

    /** The documents found at startup, for TextStore to restore. */
    @Override
    public List<TextSnapshot> restoredTexts() {
        return restoredTexts;
    }

    /** Records a published room message; returns once it is written (see the class comment). */
    @Override
    public void published(RoomFrames.Message message, long atMillis) {
        if (enabled) {
            append(State.messageRecord(message, atMillis), () -> state.message(message, atMillis));
        }
    }

    /** Records that a room was closed: its history is gone. */
    @Override
    public void roomClosed(String room) {
        if (enabled) {
            append(State.closeRecord(room), () -> state.closed(room));
        }
    }

    /** Records an applied text op; {@code text} is the document after it. */
    @Override
    public void textApplied(TextChange change, String text) {
        if (enabled) {
            append(State.textRecord(change.doc(), change.rev(), change.op()),
                    () -> state.text(change.doc(), change.rev(), text));
        }
    }

    private synchronized void append(JsonNode record, Runnable apply) {
        if (journal == null) {
            throw new IllegalStateException("persistence is closed");
        }
        journal.append(mapper, record); // throws before the state changes: the caller does not ack
        apply.run();
        if (++records >= snapshotEvery) {
            startGeneration();
        }
    }

    /** Switches to a new journal and snapshots the state as of that moment in the background. */
    private void startGeneration() {
        records = 0;
        long next = gen + 1;
        try {
            Journal old = journal;
            journal = Journal.open(journalFile(next), fsync);
            gen = next;
            old.close();
        } catch (IOException e) {
            LOG.errorf(e, "cannot start journal %d, staying on %d", next, gen);
            return;
        }
        state.forgetBefore(System.currentTimeMillis() - maxAgeMillis);
        State copy = state.copy();
        snapshots.execute(() -> {
            try {
                writeSnapshot(next, copy);
                deleteBefore(next);
            } catch (IOException e) {
                LOG.errorf(e, "snapshot %d failed; the journals before it are kept", next);
            }
        });
    }

    private void recover() throws IOException {
        Files.createDirectories(dir);
        lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException(dir + " is in use by another Hibiki process; each node needs its own data-dir");
        }
        TreeMap<Long, Path> snapshotFiles = new TreeMap<>();
        TreeMap<Long, Path> journalFiles = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    (m.group(1).equals("snapshot") ? snapshotFiles : journalFiles).put(Long.parseLong(m.group(2)), file);
                } else if (file.getFileName().toString().endsWith(".tmp")) {
                    Files.delete(file); // a snapshot that was being written when the process died
                }
            }
        }
        long from = 0;
        if (!snapshotFiles.isEmpty()) {
            from = snapshotFiles.lastKey();
            state.loadSnapshot(mapper.readTree(snapshotFiles.lastEntry().getValue().toFile()));
        }
        int replayed = 0;
        for (Path file : journalFiles.tailMap(from, true).values()) {
            for (JsonNode record : Journal.read(mapper, file)) {
                state.replay(record);
                replayed++;
            }
        }
        long last = Math.max(snapshotFiles.isEmpty() ? 0 : snapshotFiles.lastKey(),
                journalFiles.isEmpty() ? 0 : journalFiles.lastKey());
        for (var room : state.rooms.entrySet()) {
            List<RoomFrames.Message> messages = new ArrayList<>();
            List<Long> at = new ArrayList<>();
            for (State.Kept kept : room.getValue().history) {
                messages.add(kept.message());
                at.add(kept.at());
            }
            restoredRooms.add(new RoomJournal.Restored(room.getKey(), room.getValue().seq, messages, at));
        }
        state.docs.forEach((doc, d) -> restoredTexts.add(new TextSnapshot(doc, d.rev(), d.text())));
        // Start a fresh generation: compacts what was replayed and never appends after a torn line.
        gen = last + 1;
        writeSnapshot(gen, state);
        journal = Journal.open(journalFile(gen), fsync);
        deleteBefore(gen);
        snapshots = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hibiki-snapshots");
            t.setDaemon(true);
            return t;
        });
        LOG.infof("Persistence: %d rooms and %d documents restored from %s (%d journal records replayed)",
                restoredRooms.size(), restoredTexts.size(), dir, replayed);
    }

    private void writeSnapshot(long generation, State snapshot) throws IOException {
        Path tmp = dir.resolve("snapshot-" + generation + ".json.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(mapper.writeValueAsBytes(snapshot.toSnapshot(generation))));
            out.force(true); // always: older journals are deleted once this file is in place
        }
        Files.move(tmp, dir.resolve("snapshot-" + generation + ".json"), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // makes the rename itself durable
        } catch (IOException e) {
            LOG.debugf("cannot fsync directory %s: %s", dir, e.getMessage());
        }
    }

    private void deleteBefore(long generation) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(2)) < generation) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private Path journalFile(long generation) {
        return dir.resolve("journal-" + generation + ".jsonl");
    }

    @PreDestroy
    synchronized void close() {
        if (journal == null) {
            return;
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("cannot close the journal", e);
        }
        journal = null;
        try {
            lockFile.close();
        } catch (IOException e) {
            LOG.debug("cannot release the lock", e);
        }
        snapshots.shutdown();
        try {
            snapshots.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
