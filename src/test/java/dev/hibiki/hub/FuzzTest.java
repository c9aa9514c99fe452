package dev.hibiki.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * 10,000 random and mutated frames over 25 connections. The server stays up, answers every
 * failure with a defined error code or close code, and holds no more than it did before.
 */
@QuarkusTest
class FuzzTest {

    static final int CONNECTIONS = 25;
    static final int FRAMES_PER_CONNECTION = 400; // within the rate limiter's burst
    static final Set<String> CODES = Set.of("bad_json", "bad_message", "unknown_type", "too_large", "rate_limited",
            "forbidden", "not_found", "conflict");
    // 4008: broadcasts and notifications produced by mutated frames fan out to every fuzzing
    // client; one that falls more than 1 MiB behind is closed as a slow client, by design.
    static final Set<Integer> CLOSES = Set.of(1000, 1008, 1009, 4008);

    static final String[] VALID = {
            "{\"type\":\"echo\",\"text\":\"hello\",\"id\":1}",
            "{\"type\":\"broadcast\",\"text\":\"hi\",\"self\":false}",
            "{\"type\":\"join\",\"room\":\"fuzz\"}",
            "{\"type\":\"leave\",\"room\":\"fuzz\"}",
            "{\"type\":\"publish\",\"room\":\"fuzz\",\"text\":\"x\",\"data\":{\"a\":[1,2]}}",
            "{\"type\":\"rooms\"}",
            "{\"type\":\"ping\",\"t\":123}",
            "{\"type\":\"status\"}",
            "{\"type\":\"notify\",\"title\":\"t\",\"body\":\"b\"}",
            "{\"type\":\"join\",\"room\":\"fuzz\",\"since\":3}",
    };

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    @Test
    void randomFramesGetDefinedAnswersAndTheServerStaysHealthy() {
        Random random = new Random(20261126L);
        long heapBefore = usedHeapAfterGc();
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CONNECTIONS; c++) {
                clients.add(WsClient.joined(vertx, base, "fuzz" + c));
            }
            int sent = 0;
            for (int i = 0; i < FRAMES_PER_CONNECTION; i++) {
                for (WsClient client : clients) {
                    if (client.isClosed()) {
                        continue;
                    }
                    if (random.nextInt(50) == 0) {
                        client.sendBinary(randomBytes(random, random.nextInt(64)));
                    } else {
                        client.sendRaw(frame(random));
                    }
                    sent++;
                }
            }
            assertThat(sent).isGreaterThanOrEqualTo(9_000);

            for (WsClient client : clients) {
                if (client.closeCode().isPresent() || client.isClosed()) {
                    assertThat((int) client.awaitClose()).isIn(CLOSES);
                    continue;
                }
                // Still answering: everything sent before the fence has been handled.
                client.sendRaw("{\"type\":\"echo\",\"text\":\"fence\",\"id\":\"fence\"}");
                await().atMost(Duration.ofSeconds(60)).until(() -> client.isClosed()
                        || client.all("echo").stream().anyMatch(f -> "fence".equals(f.path("re").asText()))
                        || client.all("error").stream().anyMatch(f -> "fence".equals(f.path("re").asText())));
                if (client.isClosed()) {
                    assertThat((int) client.awaitClose()).isIn(CLOSES);
                    continue;
                }
                for (JsonNode error : client.all("error")) {
                    assertThat(error.path("code").asText()).as(error.toString()).isIn(CODES);
                    assertThat(error.path("message").asText()).isNotBlank();
                }
                assertThat(client.all("error")).as("malformed frames were answered").isNotEmpty();
            }
        } finally {
            clients.forEach(WsClient::close);
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().get(base.resolve("/api/status")).jsonPath().getInt("connections") == 0);
        // What the fuzzing left behind is garbage: memory returns to where it was (with slack for JIT and caches).
        await().atMost(Duration.ofSeconds(20)).until(() -> usedHeapAfterGc() < heapBefore + 64L * 1024 * 1024);
    }

    static String frame(Random random) {
        String valid = VALID[random.nextInt(VALID.length)];
        return switch (random.nextInt(10)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length())); // truncated
            case 1 -> mutate(valid, random, 1 + random.nextInt(4));
            case 2 -> randomText(random, random.nextInt(200));
            case 3 -> "[".repeat(1 + random.nextInt(5000)) + "]".repeat(random.nextInt(3)); // deep nesting
            case 4 -> "{\"type\":\"ping\",\"t\":" + "9".repeat(1 + random.nextInt(3000)) + "}"; // huge number
            case 5 -> "{\"type\":\"echo\",\"text\":" + wrongValue(random) + "}";
            case 6 -> "{\"type\":" + wrongValue(random) + "}";
            case 7 -> "";
            case 8 -> "{\"type\":\"" + randomText(random, 1 + random.nextInt(30)).replace("\"", "") + "\"}";
            default -> "{\"type\":\"join\",\"room\":" + wrongValue(random) + ",\"since\":" + wrongValue(random) + "}";
        };
    }

    static String wrongValue(Random random) {
        String[] values = { "1", "-1", "1e400", "true", "null", "[]", "{}", "[\"a\"]", "{\"a\":{}}", "\"\"",
                "\"\\u0000\"", "18446744073709551616", "0.5" };
        return values[random.nextInt(values.length)];
    }

    static String mutate(String valid, Random random, int times) {
        StringBuilder s = new StringBuilder(valid);
        for (int i = 0; i < times && s.length() > 0; i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, (char) (32 + random.nextInt(95)));
                default -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
            }
        }
        return s.toString();
    }

    static String randomText(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            s.appendCodePoint(switch (kind) {
                case 0 -> 32 + random.nextInt(95);
                case 1 -> 0x3040 + random.nextInt(0x60); // hiragana
                case 2 -> 0x1F600 + random.nextInt(0x50); // emoji
                default -> random.nextInt(0x20); // control characters
            });
        }
        return s.toString();
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
