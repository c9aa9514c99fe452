package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
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
 * Runs a script of src/test/node (the official JavaScript clients) and reads the JSON line it
 * prints last. Skipped without Node and {@code npm install} there, unless HIBIKI_REQUIRE_NODE=1.
 */
final class NodeScript {

    static final Path CLIENTS = Path.of("src/test/node");

    private NodeScript() {
    }

    static JsonNode run(String script, String... args) throws Exception {
        return run(Map.of(), script, args);
    }

    /** With {@code env} added to the script's environment. */
    static JsonNode run(Map<String, String> env, String script, String... args) throws Exception {
        requireNode();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENTS.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process node = builder.start();
        boolean finished = node.waitFor(40, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(finished).as("node finished: " + output).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        return new ObjectMapper().readTree(output.substring(output.lastIndexOf('\n') + 1));
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(node -> list.add(node.asText()));
        return list;
    }

    static void requireNode() {
        boolean installed = Files.isDirectory(CLIENTS.resolve("node_modules/sio4"))
                && Files.isDirectory(CLIENTS.resolve("node_modules/sio2")) && onPath("node");
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
