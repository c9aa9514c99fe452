package dev.hibiki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code hibiki client --demo} against the real server: every step passes and says what it saw. */
@QuarkusTest
class ClientDemoTest {

    @TestHTTPResource("/ws")
    URI ws;

    @TestHTTPResource("/no-such-endpoint")
    URI nowhere;

    record Run(int code, String out, String err) {
    }

    static Run client(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ClientCli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void demoPassesEveryStep() {
        Run run = client(ws.toString(), "--demo", "--name", "demo-bot");
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        String[] steps = {"connect", "echo", "broadcast", "join a room", "publish to the room", "ping 1", "ping 2", "ping 3",
            "status", "shared text edit", "leave the room", "disconnect"};
        for (int i = 0; i < steps.length; i++) {
            String prefix = String.format("[%2d/12] %-20s ok", i + 1, steps[i]);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(prefix)), "missing '" + prefix + "' in\n" + run.out());
        }
        assertTrue(run.out().contains("welcome: you are demo-bot ("), run.out());
        assertEquals(3, Pattern.compile("pong in \\d+\\.\\d\\d ms").matcher(run.out()).results().count(), run.out());
        assertTrue(run.out().contains("the server closed the connection (code 1000"), run.out());
        assertTrue(run.out().contains("demo passed: all 12 steps"), run.out());
        assertTrue(!run.out().contains("\u001b["), "no colours when not on a terminal");
    }

    @Test
    void aNameTheServerRejectsIsARefusedUpgradeWithItsReason() {
        Run run = client(ws.toString(), "--name", "bad\u0007name");
        assertEquals(ExitCode.UPGRADE_REFUSED, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("refused the WebSocket upgrade") && run.err().contains("HTTP 400"), run.err());
        assertTrue(run.err().contains("bad_message"), "the server's reason is shown: " + run.err());
    }

    @Test
    void refusedUpgradeShowsTheHttpStatus() {
        Run run = client(nowhere.toString(), "--demo");
        assertEquals(ExitCode.UPGRADE_REFUSED, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("the server refused the WebSocket upgrade at " + nowhere + ": HTTP 404"), run.out());
        assertTrue(run.out().contains("demo failed at step 1 (connect)"), run.out());
    }
}
