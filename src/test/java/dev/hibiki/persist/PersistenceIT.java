package dev.hibiki.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.testing.WsClient;
import io.vertx.core.Vertx;

/**
 * kill -9 on the packaged application in the middle of a stream of acknowledged text edits and room
 * messages: after a restart on the same data directory every acknowledged edit and message is there.
 */
class PersistenceIT {

    private static final String ROOM = "journal";
    /** Acknowledged edits and messages to see before the kill; the stream is still running then. */
    private static final int KILL_AFTER = 150;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private Path dataDir;
    private Process server;
    private Vertx vertx;
    private URI base;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(Path.of("target"), "persistence-it-");
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyAcknowledgedEditAndMessageSurvivesKill9() throws Exception {
        start("first");
        List<String> ackedEdits = new CopyOnWriteArrayList<>();
        List<String> ackedMessages = new CopyOnWriteArrayList<>();
        WsClient writer = WsClient.joined(vertx, base, "writer");
        WsClient publisher = WsClient.joined(vertx, base, "publisher");
        publisher.send("join", "room", ROOM);
        publisher.next("joined");

        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            long rev = 0;
            int length = 0;
            for (int i = 0; ; i++) {
                String edit = "e" + i + ";";
                writer.send("text_op", "doc", "main", "rev", rev, "op", length == 0 ? List.of(edit) : List.of(length, edit));
                JsonNode ack = waitFor(writer, "text_ack");
                if (ack == null) {
                    return;
                }
                rev = ack.path("rev").asLong();
                length += edit.length();
                ackedEdits.add(edit);

                String text = "m" + i;
                publisher.send("publish", "room", ROOM, "text", text);
                JsonNode echo = waitFor(publisher, "message");
                if (echo == null) {
                    return;
                }
                assertThat(echo.path("text").asText()).isEqualTo(text);
                ackedMessages.add(text);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> ackedEdits.size() + ackedMessages.size() >= KILL_AFTER);
        assertThat(stream).isNotDone();
        server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        stream.get(20, TimeUnit.SECONDS); // the clients see the connection drop
        writer.close();
        publisher.close();

        start("second");
        System.out.printf("PersistenceIT: killed after %d acknowledged edits and %d acknowledged messages%n",
                ackedEdits.size(), ackedMessages.size());
        JsonNode text = mapper.readTree(get("/api/text/main"));
        String expected = String.join("", ackedEdits);
        // An edit sent but not yet acknowledged when the process died may or may not be there.
        assertThat(text.path("text").asText()).startsWith(expected);
        assertThat(text.path("rev").asLong()).isBetween((long) ackedEdits.size(), ackedEdits.size() + 1L);

        try (WsClient reader = WsClient.joined(vertx, base, "reader")) {
            reader.send("join", "room", ROOM, "since", 0);
            JsonNode joined = reader.next("joined");
            assertThat(joined.path("recovered").asBoolean()).isTrue();
            List<JsonNode> replayed = reader.all("message");
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < replayed.size(); i++) {
                assertThat(replayed.get(i).path("seq").asLong()).isEqualTo(i + 1);
                texts.add(replayed.get(i).path("text").asText());
            }
            assertThat(texts).startsWith(ackedMessages.toArray(String[]::new));
            assertThat(texts.size()).isBetween(ackedMessages.size(), ackedMessages.size() + 1);

            // The sequence continues after the restored one.
            reader.send("publish", "room", ROOM, "text", "after restart");
            JsonNode after = reader.next(m -> "after restart".equals(m.path("text").asText()), "message after restart");
            assertThat(after.path("seq").asLong()).isEqualTo(replayed.size() + 1L);
        }
    }

    /** The next frame of a type, or null once the connection is gone (the server was killed). */
    private static JsonNode waitFor(WsClient client, String type) {
        await().atMost(WsClient.WAIT).pollInterval(Duration.ofMillis(2))
                .until(() -> !client.unread(type).isEmpty() || client.isClosed());
        return client.unread(type).isEmpty() ? null : client.next(type);
    }

    private void start(String run) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = URI.create("http://localhost:" + port + "/");
        server = new ProcessBuilder(List.of(javaBin(), "-Dquarkus.http.port=" + port,
                "-Dhibiki.persistence.data-dir=" + dataDir.toAbsolutePath(),
                "-Dhibiki.rooms.history.size=1000",
                "-Dhibiki.persistence.snapshot-every=40", // the stream crosses several generations
                "-jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true).redirectOutput(new File("target/persistence-it-" + run + ".log")).start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> status("/q/health/ready") == 200);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private int status(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
