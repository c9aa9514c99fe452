package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several clients, each running the client algorithm of docs/TEXT.md, type into one document at the
 * same time through real WebSocket connections. They must all end with the server's text, and that
 * text must hold every marker any of them inserted (each was acknowledged), exactly once.
 */
@QuarkusTest
class TextConvergenceTest {

    private static final int CLIENTS = 5;
    private static final int EDITS_PER_CLIENT = 150;

    @TestHTTPResource("/ws")
    URI ws;

    private final List<TextWsClient> sockets = new ArrayList<>();

    @AfterEach
    void closeAll() {
        sockets.forEach(TextWsClient::close);
    }

    @Test
    void concurrentEditorsConvergeAndKeepEveryAcknowledgedInsertion() throws Exception {
        String doc = "conv-" + UUID.randomUUID().toString().substring(0, 8);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger acks = new AtomicInteger();
        List<OtClient> editors = new ArrayList<>();

        for (int i = 0; i < CLIENTS; i++) {
            TextWsClient socket = TextWsClient.connect(URI.create(ws.toString().replaceFirst("^http", "ws")));
            sockets.add(socket);
            socket.send(TextWsClient.frame("text_get").put("doc", doc));
            JsonNode start = socket.nextAbout(doc);
            // Markers of the op in flight; they count as acknowledged when its text_ack arrives.
            List<String> inFlight = new CopyOnWriteArrayList<>();
            OtClient editor = new OtClient(start.get("rev").asLong(), start.get("text").asText(), (rev, op) -> {
                inFlight.clear();
                inFlight.addAll(MarkedEdits.markers(op.json().toString()));
                socket.send(TextWsClient.frame("text_op").put("doc", doc).put("rev", rev)
                        .set("op", TextWsClient.JSON.valueToTree(op)));
            });
            editors.add(editor);
            socket.handle(f -> {
                if (!doc.equals(f.path("doc").asText()) && !"error".equals(f.path("type").asText())) {
                    return;
                }
                try {
                    switch (f.path("type").asText()) {
                        case "text_ack" -> {
                            // Read the markers before ack() sends the buffer and replaces them.
                            List<String> done = List.copyOf(inFlight);
                            editor.ack(f.get("rev").asLong());
                            acknowledged.addAll(done);
                            acks.incrementAndGet();
                        }
                        case "text_op" -> editor.remote(f.get("rev").asLong(),
                                TextOp.fromJson(f.get("op"), Integer.MAX_VALUE, Integer.MAX_VALUE));
                        default -> failures.add(new AssertionError("unexpected frame " + f));
                    }
                } catch (RuntimeException | AssertionError e) {
                    failures.add(e);
                }
            });
        }

        ExecutorService typists = Executors.newFixedThreadPool(CLIENTS);
        Set<String> inserted = ConcurrentHashMap.newKeySet();
        List<Future<?>> typing = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int id = i;
            OtClient editor = editors.get(i);
            typing.add(typists.submit(() -> {
                Random r = new Random(1000 + id);
                for (int n = 0; n < EDITS_PER_CLIENT; n++) {
                    String marker = r.nextInt(5) == 0 ? MarkedEdits.marker("c" + id, n) : null;
                    synchronized (editor) { // the edit must be made against the text it applies to
                        editor.edit(MarkedEdits.edit(r, editor.text(), marker));
                    }
                    if (marker != null) {
                        inserted.add(marker);
                    }
                    // Typing pace: a few hundred microseconds to a few milliseconds between keys.
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200 + r.nextInt(3000)));
                }
            }));
        }
        for (Future<?> f : typing) {
            f.get(60, TimeUnit.SECONDS);
        }
        typists.shutdown();

        await().atMost(Duration.ofSeconds(30)).until(() -> !failures.isEmpty() || editors.stream().allMatch(OtClient::idle)
                && editors.stream().mapToLong(OtClient::rev).distinct().count() == 1);
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);

        JsonPath server = given().get("/api/text/{doc}", doc).then().statusCode(200).extract().jsonPath();
        String text = server.getString("text");
        long rev = server.getLong("rev");
        for (OtClient editor : editors) {
            assertEquals(rev, editor.rev());
            assertEquals(text, editor.text());
        }
        List<String> present = MarkedEdits.markers(text);
        assertTrue(inserted.size() > 50, "the test inserted markers: " + inserted.size());
        assertEquals(inserted, acknowledged, "every inserted marker was acknowledged");
        assertEquals(inserted, new HashSet<>(present), "every acknowledged marker is in the text");
        assertEquals(present.size(), inserted.size(), "no marker twice");
        assertTrue(acks.get() > CLIENTS, "ops were batched but many were sent: " + acks.get());
        assertTrue(rev == acks.get(), "one revision per acknowledged op");
        int concurrent = editors.stream().mapToInt(OtClient::concurrent).sum();
        assertTrue(concurrent > 0, "some ops crossed an op in flight");
        System.out.printf("text convergence: %d clients, %d edits, %d ops acknowledged, %d transformed against"
                + " an op in flight, %d markers, %d units%n",
                CLIENTS, CLIENTS * EDITS_PER_CLIENT, acks.get(), concurrent, inserted.size(), text.length());
    }
}
