package dev.hibiki.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hibiki.cli.ExitCode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each scenario, small and short, against the test server (which runs in this JVM, so its pid is
 * ours): the generator's own counts must add up, and the report files must be written.
 * These check the tool, not the server's speed; docs/BENCHMARKS.md has the real runs.
 */
@QuarkusTest
@TestProfile(BenchTest.PatientHeartbeat.class)
class BenchTest {

    /**
     * The test profile declares a connection dead after 2 s of silence; a generator starved of CPU
     * on a busy build machine can be that quiet, so this class gives it the production timeout.
     */
    public static class PatientHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hibiki.heartbeat.interval", "25s", "hibiki.heartbeat.timeout", "60s");
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    record Run(int code, JsonNode result, String progress) {
    }

    Run bench(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.add(1, ws.toString());
        all.addAll(java.util.List.of("--json", "--server-pid", Long.toString(ProcessHandle.current().pid()), "--drain", "10"));
        int code = BenchCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String json = out.toString(StandardCharsets.UTF_8);
        return new Run(code, json.isBlank() ? null : new ObjectMapper().readTree(json), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void echoRoundTripsAreAllCountedAndTimed() throws Exception {
        Run run = bench("echo", "-c", "20", "-r", "400", "--warmup", "1", "-d", "2");
        assertEquals(ExitCode.OK, run.code(), run.progress() + run.result());
        JsonNode r = run.result();
        assertEquals(20, r.path("connected").asInt());
        assertEquals(r.path("expected").asLong(), r.path("received").asLong());
        assertEquals(0, r.path("lost").asLong());
        // Paced at 400/s for 2 s; a generator starved of CPU on a busy machine sends less.
        assertTrue(r.path("sent").asLong() >= 400, "about 400/s for 2 s: " + r.path("sent"));
        assertTrue(r.path("latencyMs").path("count").asLong() > 0);
        assertTrue(r.path("latencyMs").path("p99").asDouble() <= r.path("latencyMs").path("max").asDouble());
        // The server is this JVM: its /proc figures must be there (their size depends on the machine).
        assertEquals(ProcessHandle.current().pid(), r.path("server").path("pid").asLong());
        assertTrue(r.path("server").path("rssEndKb").asLong() > 0);
        assertTrue(run.progress().contains("] measure sent"), run.progress());
        assertTrue(r.path("timeline").size() >= 3);
    }

    @Test
    void broadcastReachesEverySubscriberAndWritesTheHtmlReport() throws Exception {
        Path html = Files.createTempFile("bench", ".html");
        Run run = bench("broadcast", "-c", "50", "-r", "20", "--warmup", "0", "-d", "2", "--html", html.toString());
        assertEquals(ExitCode.OK, run.code(), run.progress() + run.result());
        JsonNode r = run.result();
        assertEquals(51, r.path("connected").asInt());
        long sent = r.path("sent").asLong();
        assertTrue(sent >= 30, "20/s for 2 s: " + sent);
        assertEquals(sent * 50, r.path("expected").asLong());
        assertEquals(r.path("expected").asLong(), r.path("received").asLong());
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("Latency histogram") && page.contains("Messages per second"));
        assertTrue(!page.contains("src=") && !page.contains("href=") && !page.contains("@import"),
                "nothing loaded from elsewhere: the report opens without internet");
    }

    @Test
    void subscribersSpreadOverSeveralUrlsAndThePublisherOnItsOwn() throws Exception {
        // Two addresses of the one test server stand for two nodes of a cluster (bench/cluster.sh).
        String other = ws.toString().replace("localhost", "127.0.0.1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCli.run(new String[] { "broadcast", ws + "," + other, "--publish-url", other, "-c", "20", "-r", "20",
                "--warmup", "0", "-d", "2", "--json", "--drain", "10" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.OK, code, err.toString(StandardCharsets.UTF_8));
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(21, r.path("connected").asInt());
        assertEquals(r.path("sent").asLong() * 20, r.path("expected").asLong());
        assertEquals(r.path("expected").asLong(), r.path("received").asLong());
        assertEquals(0, r.path("lost").asLong());
    }

    @Test
    void roomMessagesReachTheOtherMembers() throws Exception {
        Run run = bench("room", "-c", "40", "--rooms", "4", "-r", "40", "--warmup", "0", "-d", "2");
        assertEquals(ExitCode.OK, run.code(), run.progress() + run.result());
        JsonNode r = run.result();
        assertEquals(40, r.path("connected").asInt());
        // 10 members per room, the publisher excluded: 9 deliveries per message.
        assertEquals(r.path("sent").asLong() * 9, r.path("expected").asLong());
        assertEquals(r.path("expected").asLong(), r.path("received").asLong());
    }

    @Test
    void idleReportsServerMemoryPerConnection() throws Exception {
        Run run = bench("idle", "-c", "100", "--ramp-batch", "25", "-d", "1");
        assertEquals(ExitCode.OK, run.code(), run.progress() + run.result());
        JsonNode r = run.result();
        assertEquals(100, r.path("connected").asInt());
        assertNotNull(r.get("server"));
        assertTrue(r.path("server").path("rssBeforeKb").asLong() > 0);
        assertTrue(run.progress().contains("ramp-up: 25/100 connected"), run.progress());
    }

    @Test
    void unreachableServerExitsWithUnreachable() {
        int code = BenchCli.run(new String[] {"echo", "ws://127.0.0.1:9/ws", "-c", "2", "-d", "0", "--warmup", "0"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(ExitCode.UNREACHABLE, code);
    }
}
