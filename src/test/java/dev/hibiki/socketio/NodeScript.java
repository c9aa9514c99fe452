package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A script of src/test/node (the official JavaScript clients) running under Node; what it observed
 * is the JSON line it prints last. Skipped without Node and {@code npm install} there, unless
 * HIBIKI_REQUIRE_NODE=1.
 */
final class NodeScript {

    static final Path CLIENTS = Path.of("src/test/node");

    private final Process process;
    private final BufferedReader output;
    private final StringBuilder seen = new StringBuilder();

    private NodeScript(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static JsonNode run(String script, String... args) throws Exception {
        return run(Map.of(), script, args);
    }

    /** Runs a script with {@code env} added to its environment and returns its last line. */
    static JsonNode run(Map<String, String> env, String script, String... args) throws Exception {
        return start(env, script, args).finish();
    }

    static NodeScript start(Map<String, String> env, String script, String... args) throws IOException {
        requireNode();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENTS.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new NodeScript(builder.start());
    }

    /** Reads the script's output up to a line equal to {@code line} (the script waits for the test). */
    void awaitLine(String line) throws IOException {
        String read;
        while ((read = output.readLine()) != null) {
            seen.append(read).append('\n');
            if (read.equals(line)) {
                return;
            }
        }
        throw new AssertionError("the script ended before printing " + line + ": " + seen);
    }

    /** Waits for the script to end and returns the JSON of its last line. */
    JsonNode finish() throws Exception {
        boolean finished = process.waitFor(40, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String read;
        while ((read = output.readLine()) != null) {
            seen.append(read).append('\n');
        }
        String all = seen.toString().trim();
        assertThat(finished).as("node finished: " + all).isTrue();
        assertThat(process.exitValue()).as(all).isZero();
        return new ObjectMapper().readTree(all.substring(all.lastIndexOf('\n') + 1));
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(node -> list.add(node.asText()));
        return list;
    }

    static void requireNode() {
        boolean installed = Files.isDirectory(CLIENTS.resolve("node_modules/sio4"))
                && Files.isDirectory(CLIENTS.resolve("node_modules/sio2"))
                && Files.isDirectory(CLIENTS.resolve("node_modules/sio1")) && onPath("node");
        if (!installed && "1".equals(System.getenv("HIBIKI_REQUIRE_NODE"))) {
            throw new AssertionError("HIBIKI_REQUIRE_NODE=1 but node or src/test/node/node_modules is missing");
        }
        Assumptions.assumeTrue(installed, "node and npm install in src/test/node needed");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
