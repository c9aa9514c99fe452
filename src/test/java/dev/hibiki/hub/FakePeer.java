package dev.hibiki.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A transport that records what the hub sends, for plain unit tests of features: a {@link Client}
 * built on it behaves as one on a real connection (identity, rooms, the slow-client bound) without
 * a server. {@link #client} makes one with the given limits.
 */
public final class FakePeer implements Peer {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String id;
    private final List<String> frames = new ArrayList<>();
    private volatile boolean open = true;
    private volatile int closeCode;

    public FakePeer(String id) {
        this.id = id;
    }

    /** A hub client on a fake peer, admitted with {@code admission}. */
    public static Client client(String id, String name, Admission admission, HubConfig.Limits limits) {
        return new Client(new FakePeer(id), new Who(id, name), admission, new Json(MAPPER), new HubStats(), limits);
    }

    /** The peer under a client made by {@link #client}. */
    public static FakePeer of(Client client) {
        return (FakePeer) client.peer();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void send(WireFrame frame, Runnable taken) {
        frames.add(frame.text());
        taken.run();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        open = false;
        closeCode = code;
        return CompletableFuture.completedFuture(null);
    }

    public int closeCode() {
        return closeCode;
    }

    /** Every frame received so far, parsed. */
    public synchronized List<JsonNode> frames() {
        List<JsonNode> parsed = new ArrayList<>();
        for (String frame : frames) {
            try {
                parsed.add(MAPPER.readTree(frame));
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + frame, e);
            }
        }
        return parsed;
    }

    /** The frames of one type received so far. */
    public List<JsonNode> frames(String type) {
        return frames().stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }
}
