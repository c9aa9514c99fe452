package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Engine.IO v3 polling by hand, bytes as the 1.x/2.x clients put them on the wire: a handshake
 * without {@code b64} gets binary payloads, one with it text; binary POST bodies reach the hub,
 * malformed ones get 400 and end the session, oversized ones 413; a WebSocket that asked for
 * {@code b64} gets binary as base64 text frames; JSONP polling is refused.
 */
@QuarkusTest
class Eio3PayloadTest {

    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aHandshakeWithoutB64IsAnsweredWithABinaryPayloadAndOneWithB64WithText() throws Exception {
        HttpResponse<byte[]> binary = get("/socket.io/?EIO=3&transport=polling");
        assertThat(binary.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        // Kind 0 (text), the open packet's length one byte per digit, 0xFF, then "0{" + JSON.
        assertThat(binary.body()[0]).isEqualTo((byte) 0);
        String afterLength = new String(binary.body(), StandardCharsets.ISO_8859_1);
        assertThat(afterLength.substring(afterLength.indexOf('\u00ff') + 1)).startsWith("0{\"sid\":");

        HttpResponse<byte[]> text = get("/socket.io/?EIO=3&transport=polling&b64=1");
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(new String(text.body(), StandardCharsets.UTF_8)).matches("\\d+:0\\{\"sid\":.*");
    }

    @Test
    void textAndBinaryPacketsInABinaryPostReachTheHub() throws Exception {
        String sid = open();
        // An echo with an ack, and the chat's send_message with one attachment: its placeholder in
        // a text packet, its bytes in a binary packet (kind 1, then type byte 4).
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        text(body, "420[\"echo\",{\"text\":\"über binary\"}]");
        text(body, "451-[\"send_message\",{\"_placeholder\":true,\"num\":0}]");
        body.write(new byte[] { 1, 5, (byte) 0xFF, 4, 1, 2, 3, (byte) 0xFF });
        HttpResponse<byte[]> posted = post(sid, body.toByteArray());
        assertThat(posted.statusCode()).isEqualTo(200);

        String hex = "";
        String seen = "";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(seen.contains("430[{\"type\":\"echo\",\"text\":\"über binary\"") && hex.contains("0105ff04010203ff"))
                && System.nanoTime() < deadline) {
            HttpResponse<byte[]> poll = get("/socket.io/?EIO=3&transport=polling&sid=" + sid);
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            seen += new String(poll.body(), StandardCharsets.UTF_8);
            hex += HexFormat.of().formatHex(poll.body());
        }
        assertThat(seen).contains("430[{\"type\":\"echo\",\"text\":\"über binary\"");
        // The chat's receive_message comes back to the sender with the same bytes, as a binary packet.
        assertThat(seen).contains("451-[\"receive_message\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(hex).contains("0105ff04010203ff");
    }

    @ParameterizedTest
    @ValueSource(strings = { "02", "00", "0009ff34", "0001ff39", "0102ff0501", "0002ffc328" })
    void aMalformedBinaryBodyGets400AndEndsTheSession(String hex) throws Exception {
        String sid = open();
        HttpResponse<byte[]> posted = post(sid, HexFormat.of().parseHex(hex));
        assertThat(posted.statusCode()).isEqualTo(400);
        assertThat(new String(posted.body(), StandardCharsets.UTF_8)).contains("\"code\":3");
        HttpResponse<byte[]> after = get("/socket.io/?EIO=3&transport=polling&sid=" + sid);
        assertThat(after.statusCode()).isEqualTo(400);
        assertThat(new String(after.body(), StandardCharsets.UTF_8)).contains("\"code\":1");
    }

    @Test
    void aBinaryBodyOverMaxPayloadGets413() throws Exception {
        String sid = open();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        text(body, "42[\"echo\",{\"text\":\"" + "x".repeat(1_000_001) + "\"}]");
        assertThat(post(sid, body.toByteArray()).statusCode()).isEqualTo(413);
        assertThat(get("/socket.io/?EIO=3&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
    }

    @ParameterizedTest(name = "b64 {0}")
    @ValueSource(booleans = { true, false })
    void aWebSocketThatAskedForB64GetsBinaryAsBase64TextAndMaySendItSo(boolean b64) throws Exception {
        List<Object> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(
                URI.create(base.toString().replaceFirst("^http", "ws") + "socket.io/?EIO=3&transport=websocket" + (b64 ? "&b64=1" : "")),
                new Collector(frames)).get(10, TimeUnit.SECONDS);
        try {
            await().atMost(WAIT).until(() -> frames.contains("40"));
            // The chat's send_message with one attachment, its bytes as a base64 text frame.
            socket.sendText("451-[\"send_message\",{\"_placeholder\":true,\"num\":0}]", true).get(5, TimeUnit.SECONDS);
            socket.sendText("b4AQID/w==", true).get(5, TimeUnit.SECONDS);
            String receive = "451-[\"receive_message\",{\"_placeholder\":true,\"num\":0}]";
            await().atMost(WAIT).until(() -> frames.indexOf(receive) >= 0 && frames.size() > frames.indexOf(receive) + 1);
            Object attachment = frames.get(frames.indexOf(receive) + 1);
            if (b64) {
                assertThat(attachment).isEqualTo("b4AQID/w==");
            } else {
                assertThat(attachment).isInstanceOf(byte[].class);
                assertThat((byte[]) attachment).containsExactly(4, 1, 2, 3, 0xFF);
            }
        } finally {
            socket.abort();
        }
    }

    /** Keeps every frame a WebSocket receives: text as a String, binary as a byte[]. */
    private static final class Collector implements WebSocket.Listener {
        private final List<Object> frames;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Collector(List<Object> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.write(bytes, 0, bytes.length);
            if (last) {
                frames.add(binary.toByteArray());
                binary.reset();
            }
            socket.request(1);
            return null;
        }
    }

    @Test
    void jsonpPollingIsRefused() throws Exception {
        HttpResponse<byte[]> jsonp = get("/socket.io/?EIO=3&transport=polling&j=0");
        assertThat(jsonp.statusCode()).isEqualTo(400);
        assertThat(new String(jsonp.body(), StandardCharsets.UTF_8)).isEqualTo("{\"code\":3,\"message\":\"JSONP polling not supported\"}");
    }

    /** Opens a v3 session with binary payloads and takes the handshake's answer. */
    private String open() throws Exception {
        HttpResponse<byte[]> open = get("/socket.io/?EIO=3&transport=polling");
        Matcher sid = SID.matcher(new String(open.body(), StandardCharsets.UTF_8));
        assertThat(sid.find()).as("sid in the open packet").isTrue();
        return sid.group(1);
    }

    private static void text(ByteArrayOutputStream out, String packet) {
        byte[] data = packet.getBytes(StandardCharsets.UTF_8);
        out.write(0);
        for (char digit : Integer.toString(data.length).toCharArray()) {
            out.write(digit - '0');
        }
        out.write(0xFF);
        out.write(data, 0, data.length);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String sid, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/socket.io/?EIO=3&transport=polling&sid=" + sid))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
