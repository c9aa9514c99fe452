package dev.hibiki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without a server the client says so in one line and exits 3, whatever the mode. */
class UnreachableServerTest {

    /** A port nothing listens on: bound once to find it free, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void demoAndInteractiveExitWithUnreachable() throws IOException {
        String url = "ws://127.0.0.1:" + closedPort() + "/ws";
        for (List<String> args : List.of(List.of(url, "--demo"), List.of(url))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = ClientCli.run(args.toArray(String[]::new), new ByteArrayInputStream("echo hi\n".getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertEquals(ExitCode.UNREACHABLE, code, all);
            assertTrue(all.contains("cannot reach " + url), all);
            assertTrue(!all.contains("\tat "), "no stack trace: " + all);
        }
    }

    @Test
    void badCommandLineIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ClientCli.run(new String[] {"--frobnicate"}, new ByteArrayInputStream(new byte[0]), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --frobnicate"));
        assertEquals(ExitCode.USAGE, ClientCli.run(new String[] {"ftp://example.org"}, new ByteArrayInputStream(new byte[0]),
                System.out, new PrintStream(new ByteArrayOutputStream())));
    }

    /** The packaged entry point: {@code Main client ...} runs the client and never starts the server. */
    @Test
    void mainDispatchesToTheClientWithoutBootingTheServer() throws Exception {
        String url = "ws://127.0.0.1:" + closedPort() + "/ws";
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.hibiki.Main", "client", url, "--demo")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client process finished");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCode.UNREACHABLE, p.exitValue(), output);
        assertTrue(output.contains("cannot reach " + url), output);
        assertTrue(!output.contains("Listening on") && !output.contains("Quarkus"), "the server must not start: " + output);
    }
}
