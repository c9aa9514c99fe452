package dev.hibiki.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.testing.TestVertx;
import dev.hibiki.testing.WsClient;
import dev.hibiki.testing.cluster.HubProcess;
import dev.hibiki.testing.cluster.RedisServer;
import dev.hibiki.testing.cluster.TestCluster;
import io.vertx.core.Vertx;

/**
 * Rooms across three packaged Hibiki processes and one real redis-server, observed through real
 * WebSocket connections: one seq order for everyone, cluster-wide counts and presence, recovery
 * on another node, close_room everywhere, and Redis going away and coming back mid-traffic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomsClusterIT {

    private static final int MAX_MEMBERS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestCluster<RedisServer> cluster = TestCluster.standalone(List.of("r1", "r2", "r3"),
            "hibiki.limits.max-members-per-room=" + MAX_MEMBERS);

    private WsClient client(int node, String name) {
        return cluster.client(node, name);
    }

    private static String room(String what) {
        return what + " " + UUID.randomUUID().toString().substring(0, 6);
    }

    private static JsonNode join(WsClient client, String room) {
        client.send("join", "room", room);
        JsonNode joined = client.next("joined");
        assertThat(joined.path("room").asText()).isEqualTo(room);
        return joined;
    }

    @Test
    @Order(1)
    void publishesFromEveryNodeReachEveryMemberOnceInOneSeqOrder() throws Exception {
        String room = room("order");
        WsClient a = client(0, "a");
        WsClient b = client(1, "b");
        WsClient c = client(2, "c");
        for (WsClient member : List.of(a, b, c)) {
            join(member, room);
        }
        int n = 60;
        for (int i = 0; i < n; i++) {
            a.send("publish", "room", room, "text", "a" + i);
            b.send("publish", "room", room, "text", "b" + i);
            if (i % 6 == 0) {
                HttpResponse<String> rest = cluster.node(2).post("/api/rooms/" + encode(room) + "/messages",
                        "{\"text\":\"rest" + i / 6 + "\"}");
                assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
                assertThat(JSON.readTree(rest.body()).path("seq").asLong()).isPositive();
            }
        }
        // Not to the sender itself, to everyone else.
        a.send("publish", "room", room, "text", "a-quiet", "self", false);
        int total = 2 * n + n / 6 + 1;

        List<List<String>> orders = new ArrayList<>();
        for (WsClient member : List.of(a, b, c)) {
            int expected = member == a ? total - 1 : total;
            await().atMost(PATIENCE).until(() -> member.all("message").size() >= expected);
            List<JsonNode> got = member.all("message");
            assertThat(got).as("messages on " + member).hasSize(expected);
            assertThat(texts(got, "a")).as("a's order on " + member).isEqualTo(expected("a", n));
            assertThat(texts(got, "b")).as("b's order on " + member).isEqualTo(expected("b", n));
            assertThat(got.stream().filter(m -> "a-quiet".equals(m.path("text").asText())))
                    .as("self:false on " + member).hasSize(member == a ? 0 : 1);
            assertThat(texts(got, "rest")).hasSize(n / 6);
            List<Long> seqs = got.stream().map(m -> m.path("seq").asLong()).toList();
            assertThat(seqs).as("seqs on " + member).isSorted().doesNotHaveDuplicates();
            // Everyone sees the same (seq, text) pairs in the same order.
            orders.add(got.stream().filter(m -> !"a-quiet".equals(m.path("text").asText()))
                    .map(m -> m.path("seq").asLong() + ":" + m.path("text").asText()).toList());
        }
        assertThat(orders.get(1)).isEqualTo(orders.get(0));
        assertThat(orders.get(2)).isEqualTo(orders.get(0));
        List<Long> seqs = c.all("message").stream().map(m -> m.path("seq").asLong()).toList();
        assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).as("no seq skipped").isEqualTo(total - 1);
        assertThat(c.all("message").get(0).path("from").path("name").asText()).isIn("a", "b", "server");
    }

    @Test
    @Order(2)
    void memberCountsPresenceAndTheMemberLimitAreClusterWide() throws Exception {
        String room = room("counts");
        WsClient x = client(0, "x");
        WsClient y = client(1, "y");
        WsClient z = client(2, "z");
        assertThat(join(x, room).path("members").asInt()).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> restMembers(2, room) == 1);
        assertThat(join(y, room).path("members").asInt()).isEqualTo(2);
        JsonNode seen = x.next("room_presence");
        assertThat(seen.path("event").asText()).isEqualTo("join");
        assertThat(seen.path("who").path("name").asText()).isEqualTo("y");
        assertThat(seen.path("members").asInt()).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> restMembers(2, room) == 2);
        assertThat(join(z, room).path("members").asInt()).isEqualTo(3);
        for (WsClient member : List.of(x, y)) {
            JsonNode presence = member.next(f -> "room_presence".equals(f.path("type").asText())
                    && "z".equals(f.path("who").path("name").asText()), "z's join");
            assertThat(presence.path("members").asInt()).isEqualTo(3);
        }
        y.send("rooms");
        assertThat(y.next("rooms").path("rooms").get(0).path("members").asInt()).isEqualTo(3);
        for (int node = 0; node < 3; node++) {
            JsonNode listed = listed(node, room);
            assertThat(listed).as("listing on node " + node).isNotNull();
            assertThat(listed.path("members").asInt()).isEqualTo(3);
        }
        JsonNode detail = getJson(0, "/api/rooms/" + encode(room));
        assertThat(detail.path("members").asInt()).isEqualTo(3);
        assertThat(detail.path("who")).extracting(w -> w.path("name").asText()).containsExactly("x");

        // The limit counts members on every node: the fourth fits, a fifth elsewhere does not.
        WsClient w = client(1, "w");
        join(w, room);
        await().atMost(PATIENCE).until(() -> restMembers(0, room) == MAX_MEMBERS);
        WsClient fifth = client(0, "fifth");
        fifth.send("join", "room", room, "id", "j5");
        JsonNode refused = fifth.next("error");
        assertThat(refused.path("code").asText()).isEqualTo("forbidden");
        assertThat(refused.path("re").asText()).isEqualTo("j5");

        // Leaving (and disconnecting) on one node is seen on the others with the new count.
        y.send("leave", "room", room);
        y.next("left");
        for (WsClient member : List.of(x, z)) {
            JsonNode presence = member.next(f -> "room_presence".equals(f.path("type").asText())
                    && "leave".equals(f.path("event").asText()) && "y".equals(f.path("who").path("name").asText()),
                    "y's leave");
            assertThat(presence.path("members").asInt()).isEqualTo(3);
        }
        cluster.closeNow(w);
        JsonNode gone = x.next(f -> "room_presence".equals(f.path("type").asText())
                && "w".equals(f.path("who").path("name").asText()) && "leave".equals(f.path("event").asText()), "w gone");
        assertThat(gone.path("members").asInt()).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> restMembers(1, room) == 2);
    }

    @Test
    @Order(3)
    void aMemberThatReconnectsToAnotherNodeGetsWhatItMissedThenLiveMessages() throws Exception {
        String room = room("recover");
        WsClient a = client(0, "a");
        join(a, room);
        long lastSeen;
        try (WsClient b = WsClient.joined(TestVertx.shared(), cluster.node(1).baseUrl(), "b")) {
            join(b, room);
            for (int i = 1; i <= 3; i++) {
                a.send("publish", "room", room, "text", "before-" + i);
            }
            JsonNode last = null;
            for (int i = 1; i <= 3; i++) {
                last = b.next("message");
            }
            lastSeen = last.path("seq").asLong();
        }
        for (int i = 1; i <= 4; i++) {
            a.send("publish", "room", room, "text", "missed-" + i);
        }
        await().atMost(PATIENCE).until(() -> a.all("message").size() == 7);

        // Back on the third node, while a keeps publishing: nothing missed, nothing twice.
        WsClient back = client(2, "b");
        back.send("join", "room", room, "since", lastSeen, "id", "rejoin");
        int live = 40;
        for (int i = 1; i <= live; i++) {
            a.send("publish", "room", room, "text", "live-" + i);
        }
        // The missed messages come first, then `joined`.
        List<String> beforeJoined = new ArrayList<>();
        JsonNode joined;
        while (!"joined".equals((joined = back.next(f -> "message".equals(f.path("type").asText())
                || "joined".equals(f.path("type").asText()), "message or joined")).path("type").asText())) {
            beforeJoined.add(joined.path("text").asText());
        }
        assertThat(beforeJoined).startsWith("missed-1", "missed-2", "missed-3", "missed-4");
        assertThat(joined.path("re").asText()).isEqualTo("rejoin");
        assertThat(joined.path("recovered").asBoolean()).isTrue();
        assertThat(joined.path("members").asInt()).isEqualTo(2);
        long lastSeq = lastSeen + 4 + live;
        await().atMost(PATIENCE).until(() -> !back.all("message").isEmpty()
                && back.all("message").get(back.all("message").size() - 1).path("seq").asLong() == lastSeq);
        List<JsonNode> got = back.all("message");
        assertThat(got.stream().map(m -> m.path("seq").asLong()).toList())
                .isEqualTo(java.util.stream.LongStream.rangeClosed(lastSeen + 1, lastSeq).boxed().toList());
        assertThat(got.subList(0, 4)).extracting(m -> m.path("text").asText())
                .containsExactly("missed-1", "missed-2", "missed-3", "missed-4");

        // A `since` the shared history cannot cover is answered recovered:false and replays nothing.
        WsClient lost = client(1, "lost");
        lost.send("join", "room", room, "since", lastSeq + 1000);
        assertThat(lost.next("joined").path("recovered").asBoolean()).isFalse();
        a.send("publish", "room", room, "text", "after");
        assertThat(lost.next("message").path("seq").asLong()).isEqualTo(lastSeq + 1);
        assertThat(lost.all("message")).hasSize(1);
    }

    @Test
    @Order(4)
    void closeRoomFromAnyNodeClosesItEverywhereAndForgetsItsHistory() throws Exception {
        String room = room("close");
        WsClient x = client(0, "x");
        WsClient y = client(1, "y");
        WsClient z = client(2, "z");
        for (WsClient member : List.of(x, y, z)) {
            join(member, room);
        }
        x.send("publish", "room", room, "text", "one");
        long seq = z.next("message").path("seq").asLong();
        await().atMost(PATIENCE).until(() -> restMembers(0, room) == 3);

        y.send("close_room", "room", room);
        for (WsClient member : List.of(x, y, z)) {
            assertThat(member.next("room_closed").path("room").asText()).isEqualTo(room);
        }
        for (int node = 0; node < 3; node++) {
            int index = node;
            await().atMost(PATIENCE).until(() -> status(index, "/api/rooms/" + encode(room)) == 404);
        }
        // Nobody is a member any more, anywhere.
        x.send("publish", "room", room, "text", "late", "id", "p1");
        assertThat(x.next("error").path("code").asText()).isEqualTo("forbidden");

        // History and seq are gone: a rejoin cannot recover, and the room starts over at 1.
        z.send("join", "room", room, "since", seq);
        assertThat(z.next("joined").path("recovered").asBoolean()).isFalse();
        join(x, room);
        x.send("publish", "room", room, "text", "fresh");
        assertThat(z.next("message").path("seq").asLong()).isEqualTo(1);

        // REST closes from a node where the room has no member at all.
        HttpResponse<String> closed = delete(1, "/api/rooms/" + encode(room));
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(JSON.readTree(closed.body()).path("removed").asInt()).isEqualTo(2);
        assertThat(x.next("room_closed").path("room").asText()).isEqualTo(room);
        assertThat(z.next("room_closed").path("room").asText()).isEqualTo(room);
        await().atMost(PATIENCE).until(() -> status(1, "/api/rooms/" + encode(room)) == 404);
        assertThat(delete(1, "/api/rooms/" + encode(room)).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void redisStoppedAndRestartedMidTrafficDegradesToLocalRoomsAndHeals() throws Exception {
        String room = room("outage");
        WsClient a = client(0, "a");
        WsClient a2 = client(0, "a2");
        WsClient b = client(1, "b");
        for (WsClient member : List.of(a, a2, b)) {
            join(member, room);
        }
        await().atMost(PATIENCE).until(() -> restMembers(1, room) == 3);
        // a publishes t-1, t-2, ... every 20 ms for the whole test.
        AtomicInteger sent = new AtomicInteger();
        Vertx vertx = TestVertx.shared();
        long traffic = vertx.setPeriodic(20, timer -> {
            String text = "t-" + sent.incrementAndGet();
            a.send("publish", "room", room, "text", text, "id", text);
        });
        try {
            await().atMost(PATIENCE).until(() -> texts(b, "t-").size() >= 10);

            cluster.redis().stop();
            await().atMost(PATIENCE).until(() -> "degraded".equals(cluster.node(0).hubState()));
            int outageFrom = sent.get() + 1;
            // Local delivery goes on without Redis.
            await().atMost(PATIENCE).until(() -> texts(a2, "t-").contains("t-" + (outageFrom + 20)));
            // What needs every node says so clearly instead of half-happening.
            a.send("close_room", "room", room, "id", "c1");
            JsonNode refused = a.next(f -> "c1".equals(f.path("re").asText()), "close refused");
            assertThat(refused.path("code").asText()).isEqualTo("internal");
            assertThat(refused.path("message").asText()).contains("Redis");
            int outageTo = sent.get();
            await().atMost(PATIENCE).until(() -> texts(a2, "t-").contains("t-" + outageTo));

            cluster.redis().start();
            for (HubProcess node : cluster.nodes()) {
                await().atMost(PATIENCE).until(() -> "serving".equals(node.hubState()));
            }
            // Counts are announced again: both nodes count the three members.
            for (int node = 0; node < 2; node++) {
                int index = node;
                await().atMost(PATIENCE).until(() -> restMembers(index, room) == 3);
            }
            int healedFrom = sent.get() + 1;
            // Cross-node delivery resumes.
            await().atMost(PATIENCE).until(() -> texts(b, "t-").contains("t-" + (healedFrom + 20)));
            vertx.cancelTimer(traffic);
            int last = sent.get();
            await().atMost(PATIENCE).until(() -> texts(a2, "t-").contains("t-" + last)
                    && texts(b, "t-").contains("t-" + last));

            // During the outage: every message reached the member on the same node, in order,
            // numbered on from the last seq that node knew; none reached the other node.
            List<String> local = range(outageFrom, outageTo);
            assertThat(texts(a2, "t-")).containsSubsequence(local);
            assertThat(texts(b, "t-")).doesNotContainAnyElementsOf(local);
            List<Long> outageSeqs = seqs(a2, local);
            assertThat(outageSeqs).isSorted().doesNotHaveDuplicates();
            // After it: everything reaches both nodes, with the same seqs, never below the outage's.
            List<String> healed = range(healedFrom, last);
            assertThat(texts(a2, "t-")).containsSubsequence(healed);
            assertThat(texts(b, "t-")).containsSubsequence(healed);
            assertThat(seqs(b, healed)).isEqualTo(seqs(a2, healed)).isSorted().doesNotHaveDuplicates();
            assertThat(seqs(a2, healed).get(0)).isGreaterThan(outageSeqs.get(outageSeqs.size() - 1));
            // Nothing twice, on either node; the only errors are the refused close and publishes
            // caught in flight at the moment Redis went away.
            assertThat(texts(a2, "t-")).doesNotHaveDuplicates();
            assertThat(texts(b, "t-")).doesNotHaveDuplicates();
            for (JsonNode error : a.all("error")) {
                assertThat(error.path("message").asText()).contains("Redis");
            }
        } finally {
            vertx.cancelTimer(traffic);
        }
    }

    @Test
    @Order(6)
    void membersOfAKilledNodeStopBeingCountedWithinTheNodeTimeout() throws Exception {
        String room = room("killed");
        WsClient stays = client(0, "stays");
        join(stays, room);
        join(client(2, "doomed1"), room);
        join(client(2, "doomed2"), room);
        await().atMost(PATIENCE).until(() -> restMembers(0, room) == 3);
        long killed = System.nanoTime();
        cluster.node(2).kill9();
        // node-timeout is 2 s here (HubProcess), heartbeats every 500 ms.
        // Each node gives the dead one up on its own clock.
        await().atMost(PATIENCE).until(() -> restMembers(0, room) == 1 && restMembers(1, room) == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(8));
        WsClient newcomer = client(1, "newcomer");
        assertThat(join(newcomer, room).path("members").asInt()).isEqualTo(2);
    }

    // ---- helpers ----

    private static List<String> texts(List<JsonNode> frames, String prefix) {
        return frames.stream().map(f -> f.path("text").asText())
                .filter(t -> t.startsWith(prefix) && !t.startsWith("a-quiet")).toList();
    }

    private static List<String> texts(WsClient client, String prefix) {
        return texts(client.all("message"), prefix);
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "t-" + i).toList();
    }

    /** The seqs with which {@code client} received the messages of these texts, in their order. */
    private static List<Long> seqs(WsClient client, List<String> texts) {
        java.util.Map<String, Long> byText = new java.util.HashMap<>();
        client.all("message").forEach(m -> byText.put(m.path("text").asText(), m.path("seq").asLong()));
        return texts.stream().map(byText::get).toList();
    }

    private static List<String> expected(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private static String encode(String room) {
        return java.net.URLEncoder.encode(room, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Members as a node's REST API counts them; -1 while the node is too busy to answer in time. */
    private int restMembers(int node, String room) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = get(node, "/api/rooms/" + encode(room));
        } catch (java.net.http.HttpTimeoutException e) {
            return -1;
        }
        return response.statusCode() == 200 ? JSON.readTree(response.body()).path("members").asInt() : 0;
    }

    private JsonNode listed(int node, String room) throws IOException, InterruptedException {
        for (JsonNode listed : getJson(node, "/api/rooms").path("rooms")) {
            if (room.equals(listed.path("room").asText())) {
                return listed;
            }
        }
        return null;
    }

    private JsonNode getJson(int node, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(node, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(int node, String path) throws IOException, InterruptedException {
        return get(node, path).statusCode();
    }

    private HttpResponse<String> get(int node, String path) throws IOException, InterruptedException {
        return cluster.node(node).request("GET", path, null, Duration.ofSeconds(10));
    }

    private HttpResponse<String> delete(int node, String path) throws IOException, InterruptedException {
        return cluster.node(node).request("DELETE", path, null, Duration.ofSeconds(5));
    }
}
