package dev.hibiki.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hibiki.testing.RawWebSocket;
import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * Hostile input at the wire: WebSocket frames that break RFC 6455, upgrade requests with a bad
 * key, HTTP requests whose framing a proxy could read differently (RFC 9112), each written as raw
 * bytes on a socket. Every one gets the answer the RFC asks for, and a bystander connected through
 * all of it keeps getting echo answers within a second.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileWireTest {

    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;

    @TestHTTPResource("/")
    URI base;

    Vertx vertx = TestVertx.shared();
    private WsClient bystander;
    private int echoes;

    @BeforeAll
    void connectBystander() {
        bystander = WsClient.joined(vertx, base, "bystander");
    }

    @AfterAll
    void bystanderStillServedAndServerHealthy() {
        bystanderIsServed();
        bystander.close();
        given().baseUri(base.toString()).get("/q/health").then().statusCode(200);
    }

    static Stream<Arguments> violations() {
        byte[] hello = "{\"type\":\"echo\"}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("unmasked client frame", RawWebSocket.frame(FIN | 0x1, false, hello.length, false, hello), 1002),
                Arguments.of("reserved data opcode 0x3", RawWebSocket.frame(FIN | 0x3, hello), 1002),
                Arguments.of("reserved control opcode 0xB", RawWebSocket.frame(FIN | 0xB, new byte[0]), 1002),
                Arguments.of("ping over 125 bytes", RawWebSocket.frame(FIN | 0x9, new byte[126]), 1002),
                Arguments.of("fragmented ping", RawWebSocket.frame(0x9, new byte[4]), 1002),
                Arguments.of("continuation without a start", RawWebSocket.frame(FIN | 0x0, hello), 1002),
                Arguments.of("text frame while a fragmented message is open",
                        concat(RawWebSocket.frame(0x1, hello), RawWebSocket.frame(FIN | 0x1, hello)), 1002),
                Arguments.of("RSV1 without a negotiated extension", RawWebSocket.frame(FIN | RSV1 | 0x1, hello), 1002),
                Arguments.of("close payload of one byte", RawWebSocket.frame(FIN | 0x8, new byte[] { 3 }), 1002),
                Arguments.of("close reason not UTF-8", RawWebSocket.frame(FIN | 0x8, new byte[] { 0x03, (byte) 0xE8, (byte) 0xC3, 0x28 }), 1007),
                Arguments.of("text payload not UTF-8", RawWebSocket.frame(FIN | 0x1, new byte[] { '{', (byte) 0xC3, 0x28, '}' }), 1007),
                Arguments.of("fragmented text not UTF-8 across frames",
                        concat(RawWebSocket.frame(0x1, new byte[] { '"', (byte) 0xE3 }), RawWebSocket.frame(FIN, new byte[] { 'x', '"' })), 1007),
                Arguments.of("length header of 2^62", RawWebSocket.frame(FIN | 0x1, true, 1L << 62, false, new byte[0]), 1009),
                Arguments.of("frame over the 1 MiB transport ceiling", RawWebSocket.frame(FIN | 0x1, true, 1048577, false, new byte[0]), 1009),
                Arguments.of("fragmented message over the 1 MiB ceiling",
                        concat(RawWebSocket.frame(0x1, quoted(600_000)), RawWebSocket.frame(FIN, quoted(600_000))), 1009));
    }

    private static byte[] quoted(int size) {
        byte[] text = new byte[size];
        java.util.Arrays.fill(text, (byte) 'a');
        return text;
    }

    @ParameterizedTest(name = "{0} -> close {2}")
    @MethodSource("violations")
    void everyFramingViolationGetsTheRfcCloseCode(String what, byte[] bytes, int expected) throws Exception {
        try (RawWebSocket peer = RawWebSocket.open(base, "name=hostile", 0)) {
            peer.sendRaw(bytes);
            assertThat(peer.readUntilClose()).as(what).isEqualTo(expected);
            RawWebSocket.Frame after = peer.read();
            assertThat(after).as("the server closes the TCP connection after its close frame: "
                    + (after == null ? "" : after.closeCode() + " " + after.text())).isNull();
        }
        bystanderIsServed();
    }

    @ParameterizedTest(name = "close code {0} is refused with 1002")
    @ValueSource(ints = { 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535 })
    void invalidCloseCodesAreRefusedNotEchoed(int code) throws Exception {
        try (RawWebSocket peer = RawWebSocket.open(base, "name=hostile", 0)) {
            peer.sendRaw(RawWebSocket.frame(FIN | 0x8, new byte[] { (byte) (code >>> 8), (byte) code }));
            assertThat(peer.readUntilClose()).isEqualTo(1002);
        }
        bystanderIsServed();
    }

    @ParameterizedTest(name = "close code {0} is echoed")
    @ValueSource(ints = { 1000, 1001, 1003, 1011, 3000, 4999 })
    void validCloseCodesAreEchoed(int code) throws Exception {
        try (RawWebSocket peer = RawWebSocket.open(base, "name=polite", 0)) {
            peer.sendRaw(RawWebSocket.frame(FIN | 0x8, new byte[] { (byte) (code >>> 8), (byte) code }));
            assertThat(peer.readUntilClose()).isEqualTo(code);
        }
    }

    @ParameterizedTest(name = "Sec-WebSocket-Key \"{0}\" -> 400")
    @ValueSource(strings = { "", "not base64!!", "AAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
    void anInvalidUpgradeKeyIsRefusedWith400(String key) throws Exception {
        String response = exchange("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("\"error\":\"bad_message\"").contains("Sec-WebSocket-Key");
        bystanderIsServed();
    }

    @Test
    void aValidUpgradeKeyStillUpgrades() throws Exception {
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        String response = exchange("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 101");
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0} with Content-Length -> 400 and close")
    @ValueSource(strings = { "xchunked", "identity", "gzip" })
    void aTransferEncodingOtherThanChunkedIsRefused(String encoding) throws Exception {
        String body = "{\"a\":1}";
        String response = exchange("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: " + encoding + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("\"error\":\"bad_message\"").containsIgnoringCase("connection: close")
                .endsWith("<closed>");
        bystanderIsServed();
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0} -> 400 and close (refused by the HTTP decoder itself)")
    @ValueSource(strings = { "chunked, identity", "chunked, chunked", "identity, chunked, identity" })
    void aTransferEncodingTheDecoderRejectsIsRefusedToo(String encoding) throws Exception {
        String response = exchange("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: " + encoding + "\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
        // Netty answers these before any route runs: the status is right, the body is empty.
        assertThat(response).startsWith("HTTP/1.1 400").endsWith("<closed>");
        bystanderIsServed();
    }

    @Test
    void aBadChunkSizeIsAnswered400BeforeTheClose() throws Exception {
        String response = exchange("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{\"a\":1}\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).contains("\"error\":\"bad_message\"").endsWith("<closed>");
        bystanderIsServed();
    }

    @Test
    void chunkedRequestsStillWork() throws Exception {
        String response = exchange("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200");
    }

    /** The bystander's echo comes back within a second. */
    private void bystanderIsServed() {
        String text = "still here " + (++echoes);
        long start = System.nanoTime();
        bystander.send("echo", "text", text);
        assertThat(bystander.next("echo").path("text").asText()).isEqualTo(text);
        assertThat((System.nanoTime() - start) / 1_000_000).as("echo round trip in ms").isLessThan(1000);
        assertThat(bystander.closeCode()).isEmpty();
    }

    /**
     * Writes one raw request and reads the response: its head and, by its Content-Length, its
     * body. Appends "<closed>" when the server closes the connection right after it.
     */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            String head = null;
            int length = 0;
            try {
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
                    }
                    received.write(b);
                    String text = received.toString(StandardCharsets.ISO_8859_1);
                    if (head == null && text.endsWith("\r\n\r\n")) {
                        head = text;
                        if (head.startsWith("HTTP/1.1 101")) {
                            return head;
                        }
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
                        length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                    }
                    if (head != null && received.size() == head.length() + length) {
                        break;
                    }
                }
                socket.setSoTimeout(1_000);
                return received.toString(StandardCharsets.ISO_8859_1) + (in.read() < 0 ? "<closed>" : "");
            } catch (java.net.SocketException | java.net.SocketTimeoutException end) {
                return received.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
