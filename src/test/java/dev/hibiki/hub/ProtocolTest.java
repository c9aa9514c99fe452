package dev.hibiki.hub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** Protocol v1 rows that are not about rooms or errors, each through real connections. */
@QuarkusTest
class ProtocolTest {

    @TestHTTPResource("/")
    URI base;

    // Not injected, so the same test also runs against the packaged application (*IT).
    Vertx vertx = TestVertx.shared();

    @BeforeEach
    void noConnectionsLeft() {
        // Other test classes close their clients asynchronously; counts below are exact.
        await().atMost(WsClient.WAIT)
                .until(() -> given().get(base.resolve("/api/status")).jsonPath().getInt("connections") == 0);
    }

    @Test
    void welcomeCountAndPresence() {
        try (WsClient alice = WsClient.connect(vertx, base, "name=alice")) {
            JsonNode welcome = alice.next("welcome");
            assertThat(welcome.path("name").asText()).isEqualTo("alice");
            assertThat(welcome.path("id").asText()).isNotBlank();
            assertThat(welcome.path("connections").asInt()).isEqualTo(1);
            assertThat(welcome.path("node").asText()).isNotBlank();
            assertThat(welcome.path("version").asText()).isNotBlank();
            alice.next(f -> f.path("type").asText().equals("count") && f.path("connections").asInt() == 1, "count 1");

            String bobId;
            try (WsClient bob = WsClient.connect(vertx, base, "name=bob")) {
                JsonNode bobWelcome = bob.next("welcome");
                bobId = bobWelcome.path("id").asText();
                assertThat(bobWelcome.path("connections").asInt()).isEqualTo(2);
                JsonNode presence = alice.next("presence");
                assertThat(presence.path("event").asText()).isEqualTo("connect");
                assertThat(presence.path("who").path("id").asText()).isEqualTo(bobId);
                assertThat(presence.path("who").path("name").asText()).isEqualTo("bob");
                alice.next(f -> f.path("type").asText().equals("count") && f.path("connections").asInt() == 2, "count 2");
                bob.next(f -> f.path("type").asText().equals("count") && f.path("connections").asInt() == 2, "count 2");
                assertThat(bob.all("presence")).as("no presence about oneself").isEmpty();
            }
            JsonNode gone = alice.next("presence");
            assertThat(gone.path("event").asText()).isEqualTo("disconnect");
            assertThat(gone.path("who").path("id").asText()).isEqualTo(bobId);
            alice.next(f -> f.path("type").asText().equals("count") && f.path("connections").asInt() == 1, "count 1");
        }
    }

    @Test
    void defaultNameIsAGuestName() {
        try (WsClient anonymous = WsClient.connect(vertx, base)) {
            assertThat(anonymous.next("welcome").path("name").asText()).matches("guest-\\d{4}");
        }
    }

    @Test
    void japaneseNamesAreWelcome() {
        try (WsClient taro = WsClient.connect(vertx, base, "name=%E5%A4%AA%E9%83%8E")) {
            assertThat(taro.next("welcome").path("name").asText()).isEqualTo("太郎");
        }
    }

    @Test
    void echoCountsFramesPerConnection() {
        try (WsClient a = WsClient.joined(vertx, base, "a"); WsClient b = WsClient.joined(vertx, base, "b")) {
            a.send("echo", "text", "one");
            a.send("echo", "text", "two");
            b.send("echo", "text", "こんにちは 🎉");
            JsonNode first = a.next("echo");
            JsonNode second = a.next("echo");
            JsonNode other = b.next("echo");
            assertThat(first.path("text").asText()).isEqualTo("one");
            assertThat(first.path("count").asLong()).isEqualTo(1);
            assertThat(second.path("count").asLong()).isEqualTo(2);
            assertThat(other.path("text").asText()).isEqualTo("こんにちは 🎉");
            assertThat(other.path("count").asLong()).isEqualTo(1);
            assertThat(Instant.parse(first.path("ts").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(b.all("echo")).hasSize(1);
        }
    }

    @Test
    void directRepliesCarryTheRequestId() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.sendRaw("{\"type\":\"echo\",\"text\":\"x\",\"id\":\"req-1\"}");
            a.sendRaw("{\"type\":\"ping\",\"t\":{\"sent\":12.5},\"id\":7}");
            assertThat(a.next("echo").path("re").asText()).isEqualTo("req-1");
            JsonNode pong = a.next("pong");
            assertThat(pong.path("re").asInt()).isEqualTo(7);
            assertThat(pong.path("t").path("sent").asDouble()).isEqualTo(12.5);
            assertThat(pong.hasNonNull("ts")).isTrue();
        }
    }

    @Test
    void broadcastReachesEveryoneOrEveryoneButTheSender() {
        try (WsClient a = WsClient.joined(vertx, base, "a"); WsClient b = WsClient.joined(vertx, base, "b")) {
            a.sendRaw("{\"type\":\"broadcast\",\"text\":\"hi all\",\"data\":{\"n\":[1,2,{\"x\":null}]}}");
            for (WsClient c : new WsClient[] { a, b }) {
                JsonNode got = c.next("broadcast");
                assertThat(got.path("text").asText()).isEqualTo("hi all");
                assertThat(got.path("data").toString()).isEqualTo("{\"n\":[1,2,{\"x\":null}]}");
                assertThat(got.path("from").path("name").asText()).isEqualTo("a");
            }
            a.send("broadcast", "text", "not me", "self", false);
            assertThat(b.next("broadcast").path("text").asText()).isEqualTo("not me");
            // The sender's own echo is queued behind anything sent before it: nothing arrived.
            a.send("echo", "text", "fence");
            a.next("echo");
            assertThat(a.unread("broadcast")).isEmpty();
        }
    }

    @Test
    void statusReportsTheHub() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.send("status");
            JsonNode status = a.next("status");
            assertThat(status.path("connections").asInt()).isEqualTo(1);
            assertThat(status.has("rooms")).isTrue();
            assertThat(status.path("uptime").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(status.path("node").asText()).isNotBlank();
            assertThat(status.path("version").asText()).isNotBlank();
        }
    }

    @Test
    void notifyReachesEveryConnection() {
        try (WsClient a = WsClient.joined(vertx, base, "a"); WsClient b = WsClient.joined(vertx, base, "b")) {
            a.sendRaw("{\"type\":\"notify\",\"title\":\"Deploy\",\"body\":\"v2 is live\",\"icon\":\"/icon.png\","
                    + "\"tag\":\"deploy\",\"data\":{\"url\":\"/releases\"}}");
            for (WsClient c : new WsClient[] { a, b }) {
                JsonNode n = c.next("notification");
                assertThat(n.path("title").asText()).isEqualTo("Deploy");
                assertThat(n.path("body").asText()).isEqualTo("v2 is live");
                assertThat(n.path("icon").asText()).isEqualTo("/icon.png");
                assertThat(n.path("tag").asText()).isEqualTo("deploy");
                assertThat(n.path("data").path("url").asText()).isEqualTo("/releases");
                assertThat(n.path("from").path("name").asText()).isEqualTo("a");
            }
        }
    }

    @Test
    void disconnectClosesNormally() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            a.send("disconnect");
            assertThat(a.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void ticksArriveInOrder() {
        try (WsClient a = WsClient.joined(vertx, base, "a")) {
            long first = a.next("tick").path("count").asLong();
            JsonNode second = a.next("tick");
            assertThat(first).isPositive();
            assertThat(second.path("count").asLong()).isEqualTo(first + 1);
            assertThat(second.hasNonNull("ts")).isTrue();
        }
    }
}
