package dev.hibiki.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hibiki.testing.RawWebSocket;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * Peers that reset their connection or send corrupt frames are the peers' problem: the server's
 * log gets at most one concise line per cause, no ERROR and no stack trace, and the metric
 * {@code hibiki_peer_errors_total} counts every one of them by cause.
 */
@QuarkusTest
class PeerErrorLogTest {

    private static final int PEERS = 20;

    @TestHTTPResource("/")
    URI base;

    Vertx vertx = TestVertx.shared();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void resetsAndCorruptFramesAreCountedWithoutErrorsOrStackTraces() throws Exception {
        double resetsBefore = peerErrors("reset");
        double protocolBefore = peerErrors("protocol_error");
        try (WsClient bystander = WsClient.joined(vertx, base, "bystander")) {
            for (int i = 0; i < PEERS; i++) {
                RawWebSocket gone = RawWebSocket.open(base, "name=gone" + i, 0);
                gone.read(); // the welcome: the server has written, and is reading, when the reset comes
                gone.reset();
                try (RawWebSocket corrupt = RawWebSocket.open(base, "name=corrupt" + i, 0)) {
                    byte[] payload = "{\"type\":\"echo\"}".getBytes(StandardCharsets.UTF_8);
                    corrupt.sendRaw(RawWebSocket.frame(0x81, false, payload.length, false, payload)); // unmasked
                    assertThat(corrupt.readUntilClose()).isEqualTo(1002);
                }
            }
            // A reset the server notices while reading is counted; one it runs into while writing
            // (a heartbeat ping, a presence frame) just closes the connection, so not every one of
            // these may count, but each counts at most once.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(peerErrors("reset") - resetsBefore).isBetween(1.0, (double) PEERS);
                assertThat(peerErrors("protocol_error") - protocolBefore).isEqualTo(PEERS);
            });
            // A reset while the server waits for the rest of a request is always noticed while
            // reading. A first, complete request on the connection makes sure the server has
            // seen the connection before the second, cut-off one.
            double resetsNow = peerErrors("reset");
            for (int i = 0; i < PEERS; i++) {
                try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    String head = readHead(socket.getInputStream());
                    assertThat(head).startsWith("HTTP/1.1 200");
                    socket.getOutputStream().write(("POST /api/echo HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"half\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    socket.setSoLinger(true, 0);
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(peerErrors("reset") - resetsNow).isEqualTo(PEERS));
            bystander.send("echo", "text", "still here");
            assertThat(bystander.next("echo").path("text").asText()).isEqualTo("still here");
        }

        assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(PeerErrorLogTest::describe).isEmpty();
        assertThat(records).filteredOn(r -> r.getThrown() != null).extracting(PeerErrorLogTest::describe).isEmpty();
        // Rate-limited: at most one line per cause in this burst, whatever its size.
        assertThat(records).filteredOn(r -> PeerErrors.class.getName().equals(r.getLoggerName())
                && r.getLevel().intValue() >= Level.INFO.intValue()).hasSizeLessThanOrEqualTo(2);
    }

    /** Reads a response's head and its body (by Content-Length), leaving the connection open. */
    private static String readHead(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return head.toString();
    }

    private static String describe(LogRecord record) {
        return record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                + (record.getThrown() == null ? "" : " / " + record.getThrown());
    }

    private static double peerErrors(String cause) {
        String series = "hibiki_peer_errors_total{cause=\"" + cause + "\"} ";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).trim()))
                .findFirst().orElse(0);
    }
}
