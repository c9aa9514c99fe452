package dev.hibiki.persist;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One append-only journal file: one JSON object per line. An append is a single {@code write()}
 * of the whole line, so after a process crash a record is either complete or the torn last line,
 * which {@link #read} ignores.
 */
final class Journal implements Closeable {

    private final FileChannel channel;
    private final boolean fsync;

    private Journal(FileChannel channel, boolean fsync) {
        this.channel = channel;
        this.fsync = fsync;
    }

    static Journal open(Path file, boolean fsync) throws IOException {
        return new Journal(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), fsync);
    }

    /** Writes one record and its newline; with fsync, forces it to the disk before returning. */
    void append(ObjectMapper mapper, JsonNode record) {
        try {
            byte[] json = mapper.writeValueAsBytes(record);
            ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
            while (line.hasRemaining()) {
                channel.write(line);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * The records of a journal file in order. A final line without its newline (torn by a crash
     * mid-write) is ignored; any other unreadable line is corruption and fails loudly rather than
     * silently dropping what follows it.
     */
    static List<JsonNode> read(ObjectMapper mapper, Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int complete = bytes.length;
        while (complete > 0 && bytes[complete - 1] != '\n') {
            complete--; // a torn final record (its bytes may even end inside a UTF-8 sequence): never acknowledged
        }
        String content = new String(bytes, 0, complete, StandardCharsets.UTF_8);
        List<JsonNode> records = new ArrayList<>();
        int start = 0;
        int lineNo = 1;
        while (start < content.length()) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                break;
            }
            String line = content.substring(start, end);
            if (!line.isBlank()) {
                try {
                    records.add(mapper.readTree(line));
                } catch (JsonProcessingException e) {
                    throw new IOException(file + " line " + lineNo + " is not a journal record: " + e.getOriginalMessage());
                }
            }
            start = end + 1;
            lineNo++;
        }
        return records;
    }
}
