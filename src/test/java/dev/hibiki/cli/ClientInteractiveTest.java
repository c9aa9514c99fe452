package dev.hibiki.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interactive client as a user drives it: commands typed on standard input, the readable
 * output checked line by line, another user on a second connection, and a dropped connection
 * that the client recovers from by itself.
 */
@QuarkusTest
class ClientInteractiveTest {

    @TestHTTPResource("/ws")
    URI ws;

    @Inject
    Vertx vertx;

    private PipedOutputStream keyboard;
    private ByteArrayOutputStream screen;
    private CompletableFuture<Integer> exit;

    @BeforeEach
    void startClient() throws IOException {
        keyboard = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(keyboard, 1 << 20);
        screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        exit = CompletableFuture.supplyAsync(() -> ClientCli.run(new String[] {ws.toString(), "--name", "alice"}, stdin, out, out));
        await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains("welcome"));
    }

    @AfterEach
    void stopClient() throws IOException {
        if (!exit.isDone()) {
            keyboard.close();
        }
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    private void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private void typeAndSee(String line, String expected) throws IOException {
        type(line);
        await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains(expected));
    }

    @Test
    void commandsShowReadableAnswers() throws Exception {
        assertTrue(screen().matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  welcome\\s+you are alice \\(.*"), screen());
        typeAndSee("echo hello there", "echo          \"hello there\" (frame #1 from you)");
        typeAndSee("broadcast good morning", "broadcast     from alice (");
        assertTrue(screen().contains("): good morning"), screen());
        typeAndSee("join lobby", "joined        lobby (1 members)");
        typeAndSee("publish lobby hi room", "): hi room");
        assertTrue(screen().matches("(?s).*message       \\[lobby\\] #\\d+ from alice \\(.*"), screen());
        typeAndSee("rooms", "rooms         lobby (1)");
        typeAndSee("ping", "round trip ");
        typeAndSee("status", "status        ");
        typeAndSee("notify Lunch | at noon", "notification  from alice (");
        typeAndSee("leave lobby", "left          lobby");
        typeAndSee("close nosuchroom", "error         ");
        typeAndSee("frobnicate", "unknown command 'frobnicate'; type help for the list");
        typeAndSee("join", "usage: join ROOM");
        typeAndSee("raw {\"type\":\"nope\",\"id\":7}", "error         unknown_type");
        typeAndSee("help", "ping                           measure the round-trip time");
        type("quit");
        assertEquals(ExitCode.OK, exit.get(10, TimeUnit.SECONDS));
        assertTrue(!screen().contains("Exception"), screen());
    }

    @Test
    void sharedTextCommands() throws Exception {
        typeAndSee("text use cli-notes", "text commands now use doc cli-notes");
        typeAndSee("text set こんにちは 👋", "text_ack      doc cli-notes now at rev ");
        typeAndSee("text show", "text          doc cli-notes rev ");
        assertTrue(screen().contains(": \"こんにちは 👋\""), screen());
        type("quit");
        assertEquals(ExitCode.OK, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void seesWhatOthersSendToItsRoom() throws Exception {
        typeAndSee("join 会議室", "joined        会議室 (1 members)");
        List<String> bobHeard = new CopyOnWriteArrayList<>();
        WebSocket bob = vertx.createWebSocketClient()
                .connect(new WebSocketConnectOptions().setHost(ws.getHost()).setPort(ws.getPort()).setURI("/ws?name=bob"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            bob.textMessageHandler(bobHeard::add);
            bob.writeTextMessage("{\"type\":\"join\",\"room\":\"会議室\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> bobHeard.stream().anyMatch(f -> f.contains("\"joined\"")));
            await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains("room_presence  会議室: bob ("));
            bob.writeTextMessage("{\"type\":\"publish\",\"room\":\"会議室\",\"text\":\"こんにちは alice\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains("[会議室] #1 from bob ("));
            assertTrue(screen().contains("): こんにちは alice"), screen());
        } finally {
            bob.close();
        }
        type("quit");
        assertEquals(ExitCode.OK, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void reconnectsAndRejoinsItsRoomsWhenTheServerDropsIt() throws Exception {
        typeAndSee("join lobby-rc", "joined        lobby-rc (1 members)");
        List<String> bobHeard = new CopyOnWriteArrayList<>();
        WebSocket bob = vertx.createWebSocketClient()
                .connect(new WebSocketConnectOptions().setHost(ws.getHost()).setPort(ws.getPort()).setURI("/ws?name=bob"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            bob.textMessageHandler(bobHeard::add);
            bob.writeTextMessage("{\"type\":\"join\",\"room\":\"lobby-rc\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> bobHeard.stream().anyMatch(f -> f.contains("\"joined\"")));
            // A frame over the server's size limit makes it close the connection (1009).
            type("echo " + "x".repeat(70_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains("connection closed by the server (code 1009"));
            // Sent while alice is away (her first retry waits at least 375 ms); she gets it either
            // live or replayed after rejoining with since.
            bob.writeTextMessage("{\"type\":\"publish\",\"room\":\"lobby-rc\",\"text\":\"while you were away\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> screen().contains("reconnected; rejoining lobby-rc"));
            await().atMost(Duration.ofSeconds(10)).until(() -> screen().split("joined        lobby-rc", -1).length == 3);
            assertTrue(screen().contains("joined        lobby-rc (2 members), missed messages follow"), "rejoined with since: " + screen());
            await().atMost(Duration.ofSeconds(10)).until(() -> screen().contains("from bob (") && screen().contains("): while you were away"));
            typeAndSee("publish lobby-rc back again", "): back again");
        } finally {
            bob.close();
        }
        type("quit");
        assertEquals(ExitCode.OK, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void endOfInputQuits() throws Exception {
        typeAndSee("echo last words", "\"last words\"");
        keyboard.close();
        assertEquals(ExitCode.OK, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void disconnectLetsTheServerCloseThenExits() throws Exception {
        type("disconnect");
        assertEquals(ExitCode.OK, exit.get(10, TimeUnit.SECONDS));
        assertTrue(screen().contains("the server closed the connection (code 1000"), screen());
    }
}
