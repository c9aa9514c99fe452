package dev.hibiki.presence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.cli.ClientCli;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * Presence at a cost linear in the hub, through real connections: a storm of connects or joins
 * costs each client a bounded number of presence frames per window and still names everyone,
 * and past the hub size limit only `count` is sent.
 */
@QuarkusTest
@TestProfile(PresenceTest.SmallHub.class)
class PresenceTest {

    static final long WINDOW_MS = 200;
    static final int MAX_HUB_SIZE = 30;

    public static class SmallHub implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hibiki.presence.interval", WINDOW_MS + "ms",
                    "hibiki.presence.max-hub-size", Integer.toString(MAX_HUB_SIZE));
        }
    }

    @TestHTTPResource("/")
    URI base;

    Vertx vertx = TestVertx.shared();

    @BeforeEach
    void noConnectionsLeft() {
        await().atMost(WsClient.WAIT)
                .until(() -> given().get(base.resolve("/api/status")).jsonPath().getInt("connections") == 0);
    }

    @Test
    void aConnectStormCostsEachClientAtMostOnePresenceFramePerWindowAndNamesEveryone() {
        int storm = 20;
        List<WsClient> clients = new ArrayList<>();
        try (WsClient observer = WsClient.joined(vertx, base, "observer")) {
            long start = System.nanoTime();
            Set<String> expected = new HashSet<>();
            clients.addAll(stormOf(storm, "s"));
            for (int i = 0; i < storm; i++) {
                expected.add("s" + i);
            }
            await().atMost(WsClient.WAIT).until(() -> announced(observer).containsAll(expected));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            Set<String> announced = announced(observer);
            announced.remove("observer"); // a batch may name its receiver, when it came in the same window
            assertThat(announced).containsExactlyInAnyOrderElementsOf(expected);
            // A lone notice opens a window, then at most one batch per window.
            long bound = elapsedMs / WINDOW_MS + 2;
            assertThat(presenceFrames(observer)).as("presence frames to the observer in %d ms", elapsedMs)
                    .hasSizeLessThanOrEqualTo((int) bound).hasSizeLessThan(storm);
            for (WsClient client : clients) {
                assertThat(presenceFrames(client)).hasSizeLessThanOrEqualTo((int) bound);
            }
            assertThat(observer.all("presence_batch")).as("the storm came in batches").isNotEmpty();
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void aLoneLeaveIsStillASingleNotice() {
        try (WsClient alice = WsClient.joined(vertx, base, "alice")) {
            WsClient bob = WsClient.joined(vertx, base, "bob");
            await().atMost(WsClient.WAIT).until(() -> announced(alice).contains("bob"));
            bob.close();
            JsonNode gone = alice.next(f -> "presence".equals(f.path("type").asText())
                    && "disconnect".equals(f.path("event").asText()), "bob left");
            assertThat(gone.path("who").path("name").asText()).isEqualTo("bob");
        }
    }

    @Test
    void pastTheHubSizeLimitOnlyCountIsSent() {
        List<WsClient> clients = new ArrayList<>();
        try (WsClient observer = WsClient.joined(vertx, base, "observer")) {
            for (int i = 1; i < MAX_HUB_SIZE + 5; i++) {
                clients.add(WsClient.joined(vertx, base, "c" + i));
            }
            int hub = MAX_HUB_SIZE + 5;
            observer.next(f -> "count".equals(f.path("type").asText()) && f.path("connections").asInt() == hub,
                    "count " + hub);
            // Past the limit: a newcomer is announced by count alone.
            int before = presenceFrames(observer).size();
            clients.add(WsClient.joined(vertx, base, "late"));
            observer.next(f -> "count".equals(f.path("type").asText()) && f.path("connections").asInt() == hub + 1,
                    "count " + (hub + 1));
            await().during(Duration.ofMillis(WINDOW_MS * 3)).atMost(WsClient.WAIT)
                    .until(() -> presenceFrames(observer).size() == before);
            assertThat(announced(observer)).doesNotContain("late");
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void aJoinStormIntoARoomCostsEachMemberAtMostOneRoomPresenceFramePerWindow() {
        int storm = 20;
        List<WsClient> clients = new ArrayList<>();
        try (WsClient first = WsClient.joined(vertx, base, "first")) {
            first.send("join", "room", "storm");
            first.next("joined");
            for (int i = 0; i < storm; i++) {
                clients.add(WsClient.joined(vertx, base, "m" + i));
            }
            long start = System.nanoTime();
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < storm; i++) {
                clients.get(i).send("join", "room", "storm");
                expected.add("m" + i);
            }
            await().atMost(WsClient.WAIT).until(() -> joinedRoom(first).containsAll(expected));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            List<JsonNode> frames = roomPresenceFrames(first);
            assertThat(frames).hasSizeLessThanOrEqualTo((int) (elapsedMs / WINDOW_MS + 2)).hasSizeLessThan(storm);
            assertThat(first.all("room_presence_batch")).as("the joins came in batches").isNotEmpty();
            assertThat(frames).anyMatch(f -> f.path("members").asInt() == storm + 1);
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void theCommandLineClientPrintsABatchReadably() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(keyboard);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> ClientCli.run(new String[] {base.resolve("/ws").toString().replaceFirst("^http", "ws"), "--name", "cli"},
                        stdin, out, out));
        List<WsClient> clients = new ArrayList<>();
        try {
            await().atMost(WsClient.WAIT).until(() -> screen.toString(StandardCharsets.UTF_8).contains("welcome"));
            clients.addAll(stormOf(20, "b"));
            await().atMost(WsClient.WAIT).untilAsserted(() -> assertThat(screen.toString(StandardCharsets.UTF_8))
                    .containsPattern("presence_batch\\s+joined (.+, )?b\\d+ \\("));
        } finally {
            clients.forEach(WsClient::close);
            keyboard.close();
            exit.get(10, TimeUnit.SECONDS);
        }
    }

    /** Opens {@code n} connections at once, named prefix0, prefix1, ... */
    private List<WsClient> stormOf(int n, String prefix) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<WsClient>> connecting = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String query = "name=" + prefix + i;
                connecting.add(CompletableFuture.supplyAsync(() -> WsClient.connect(vertx, base, query), pool));
            }
            return connecting.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
    }

    private static List<JsonNode> presenceFrames(WsClient client) {
        List<JsonNode> frames = new ArrayList<>(client.all("presence"));
        frames.addAll(client.all("presence_batch"));
        return frames;
    }

    /** Names the client was told have connected, by notices and batches. */
    private static Set<String> announced(WsClient client) {
        Set<String> names = new HashSet<>();
        client.all("presence").stream().filter(f -> "connect".equals(f.path("event").asText()))
                .forEach(f -> names.add(f.path("who").path("name").asText()));
        client.all("presence_batch").forEach(f -> f.path("joined").forEach(w -> names.add(w.path("name").asText())));
        return names;
    }

    private static List<JsonNode> roomPresenceFrames(WsClient client) {
        List<JsonNode> frames = new ArrayList<>(client.all("room_presence"));
        frames.addAll(client.all("room_presence_batch"));
        return frames;
    }

    private static Set<String> joinedRoom(WsClient client) {
        Set<String> names = new HashSet<>();
        client.all("room_presence").stream().filter(f -> "join".equals(f.path("event").asText()))
                .forEach(f -> names.add(f.path("who").path("name").asText()));
        client.all("room_presence_batch").forEach(f -> f.path("joined").forEach(w -> names.add(w.path("name").asText())));
        return names;
    }
}
