package dev.hibiki.testing.cluster;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server for one test class, on a free loopback port, without persistence. Missing
 * redis-server skips the test with a message, unless HIBIKI_REQUIRE_REDIS=1 (set by .ci/run) makes
 * it a failure, so CI cannot pass by skipping.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private Process process;

    public RedisServer() {
        this.port = freePort();
    }

    public static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String message = "redis-server is not installed (apt-get install -y redis-server)";
        if ("1".equals(System.getenv("HIBIKI_REQUIRE_REDIS"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
        return null;
    }

    public RedisServer start() {
        try {
            File log = new File("target/cluster-it/redis-" + port + ".log");
            log.getParentFile().mkdirs();
            process = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> "+PONG".equals(command("PING")));
        return this;
    }

    /** SIGTERM and wait: Redis closes every client connection. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops and starts again on the same port, empty (no persistence), as after a crash. */
    public void restart() {
        stop();
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Runs redis-cli against this server and returns its whole output (INFO, XRANGE ...). */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            return RedisClusterServers.run(command);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one inline command and returns the first line of the answer. */
    public String command(String inline) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
