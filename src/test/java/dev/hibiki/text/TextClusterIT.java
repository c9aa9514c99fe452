package dev.hibiki.text;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.testing.cluster.HubProcess;
import dev.hibiki.testing.cluster.RedisServer;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * The shared text across three packaged Hibiki processes on one real redis-server (docs/CLUSTER.md,
 * "Shared text across nodes"): editors on different nodes converge and keep every acknowledged
 * edit, late readers on any node see the current text, If-Match holds cluster-wide, edits are
 * refused while Redis is down, and after Redis restarts empty the nodes agree again on a text that
 * still holds everything acknowledged before the outage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TextClusterIT {

    private static final int EDITORS_PER_NODE = 2;
    private static final EditingSession.Typing TYPING =
            new EditingSession.Typing(150, 2000, 4, "e", 500, 4000, Duration.ofSeconds(120));

    /** Nodes that store a whole-text snapshot in Redis every 5 revisions (exercised by every test). */
    @RegisterExtension
    static final TestCluster<RedisServer> cluster = TestCluster.standalone(List.of("t1", "t2", "t3"), "hibiki.text.cluster.snapshot-every=5");

    /** The document the editors wrote, for the node that starts later. */
    private String edited;

    private TextWsClient socket(int node) {
        return cluster.closeAfterTest(TextWsClient.connect(cluster.node(node).wsUrl()));
    }

    private static String newDoc(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @Order(1)
    void editorsOnDifferentNodesConvergeAndKeepEveryAcknowledgedInsertion() throws Exception {
        String doc = newDoc("conv");
        edited = doc;
        EditingSession session = new EditingSession(doc);
        for (int node = 0; node < cluster.size(); node++) {
            for (int i = 0; i < EDITORS_PER_NODE; i++) {
                session.join(socket(node));
            }
        }

        long typingStart = System.nanoTime();
        session.type(TYPING);
        long typed = System.nanoTime();
        int acksWhileTyping = session.acks();

        await().atMost(Duration.ofSeconds(60)).until(session::settled);
        session.assertNoFailures();

        JsonNode first = get(0, doc);
        String text = first.get("text").asText();
        long rev = first.get("rev").asLong();
        for (int node = 1; node < cluster.size(); node++) {
            JsonNode other = get(node, doc);
            assertEquals(rev, other.get("rev").asLong(), "rev through node " + node);
            assertEquals(text, other.get("text").asText(), "text through node " + node);
        }
        session.assertConvergedOn(text, rev, 30);
        System.out.printf("text cluster convergence: %d nodes, %d editors, %d ops acknowledged, %d transformed"
                + " against an op in flight, %d markers, %d units; typing took %d ms with %d acks, all settled %d ms later%n",
                cluster.size(), session.editors(), session.acks(), session.concurrent(), session.markers(), text.length(),
                (typed - typingStart) / 1_000_000, acksWhileTyping, (System.nanoTime() - typed) / 1_000_000);
    }

    @Test
    @Order(2)
    void oneEditorsAcksComeQuicklyAndInOrder() {
        String doc = newDoc("seq");
        TextWsClient writer = socket(1);
        TextWsClient watcher = socket(2);
        watcher.send(TextWsClient.frame("text_get").put("doc", doc));
        watcher.next(f -> "text".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
        int n = 100;
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            writer.send(TextWsClient.frame("text_op").put("doc", doc).put("rev", i)
                    .set("op", TextWsClient.JSON.valueToTree(i == 0 ? TextOp.of("x") : TextOp.of(i, "x"))));
            assertEquals(i + 1, writer.next("text_ack").get("rev").asLong());
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, watcher.next(f -> "text_op".equals(f.path("type").asText())).get("rev").asLong());
        }
        java.util.Arrays.sort(micros);
        System.out.printf("text cluster ack latency over %d sequential ops: p50 %d us, p99 %d us%n",
                n, micros[n / 2], micros[n * 99 / 100]);
    }

    @Test
    @Order(3)
    void aNodeStartedLaterServesTheCurrentTextAndTakesPartInEditing() throws Exception {
        JsonNode current = get(0, edited);
        cluster.addNode("t4");
        TextWsClient reader = socket(3);
        reader.send(TextWsClient.frame("text_get").put("doc", edited));
        JsonNode text = reader.next(f -> "text".equals(f.path("type").asText()) && edited.equals(f.path("doc").asText()));
        assertEquals(current.get("rev").asLong(), text.get("rev").asLong());
        assertEquals(current.get("text").asText(), text.get("text").asText());

        reader.send(TextWsClient.frame("text_op").put("doc", edited).put("rev", text.get("rev").asLong())
                .set("op", TextWsClient.JSON.valueToTree(new TextOp.Builder().insert("«late»")
                        .retain(text.get("text").asText().length()).build())));
        assertEquals(text.get("rev").asLong() + 1, reader.next("text_ack").get("rev").asLong());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertTrue(get(0, edited).get("text").asText().startsWith("«late»")));
    }

    @Test
    @Order(4)
    void aLateReaderOnAnotherNodeSeesTheCurrentText() throws Exception {
        String doc = newDoc("late");
        TextWsClient writer = socket(0);
        writer.send(TextWsClient.frame("text_set").put("doc", doc).put("text", "こんにちは 😀").put("id", 1));
        JsonNode ack = writer.next("text_ack");
        assertEquals(1, ack.get("rev").asLong());
        assertEquals(1, ack.get("re").asInt());

        TextWsClient reader = socket(2);
        reader.send(TextWsClient.frame("text_get").put("doc", doc).put("id", "g"));
        JsonNode text = reader.next(f -> "text".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
        assertEquals("こんにちは 😀", text.get("text").asText());
        assertEquals(1, text.get("rev").asLong());
        assertEquals("g", text.get("re").asText());

        // The reader now follows the document: the next edit, made through the third node, reaches it.
        TextWsClient third = socket(1);
        third.send(TextWsClient.frame("text_op").put("doc", doc).put("rev", 1)
                .set("op", TextWsClient.JSON.valueToTree(TextOp.of(8, "!"))));
        JsonNode op = reader.next(f -> "text_op".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
        assertEquals(2, op.get("rev").asLong());
        assertEquals("[8,\"!\"]", op.get("op").toString());
        assertEquals("こんにちは 😀!", get(2, doc).get("text").asText());
    }

    @Test
    @Order(5)
    void theDefaultDocumentOnConnectIsTheSharedOne() throws Exception {
        TextWsClient writer = socket(0);
        JsonNode main = writer.next(f -> "text".equals(f.path("type").asText()) && "main".equals(f.path("doc").asText()));
        String marker = "main-" + UUID.randomUUID();
        writer.send(TextWsClient.frame("text_set").put("doc", "main").put("text", marker));
        assertEquals(main.get("rev").asLong() + 1, writer.next("text_ack").get("rev").asLong());

        TextWsClient other = socket(2);
        JsonNode seen = other.next(f -> "text".equals(f.path("type").asText()) && "main".equals(f.path("doc").asText()));
        assertEquals(marker, seen.get("text").asText());
    }

    @Test
    @Order(6)
    void ifMatchIsCheckedAgainstTheSharedRevision() throws Exception {
        String doc = newDoc("rest");
        HttpResponse<String> created = put(0, doc, "one", null);
        assertEquals(200, created.statusCode(), created.body());
        assertEquals("\"1\"", created.headers().firstValue("ETag").orElseThrow());

        HttpResponse<String> second = put(1, doc, "two", "\"1\"");
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("\"2\"", second.headers().firstValue("ETag").orElseThrow());

        HttpResponse<String> stale = put(2, doc, "three", "\"1\"");
        assertEquals(412, stale.statusCode(), stale.body());
        assertTrue(stale.body().contains("precondition_failed"), stale.body());

        // Read-your-writes through any node: a GET reads the log before answering.
        assertEquals("two", get(2, doc).get("text").asText());
        assertEquals(2, get(2, doc).get("rev").asLong());
    }

    @Test
    @Order(7)
    void whileRedisIsDownEditsAreRefusedAndReadsServeTheLastText() throws Exception {
        String doc = newDoc("down");
        TextWsClient client = socket(1);
        client.send(TextWsClient.frame("text_set").put("doc", doc).put("text", "before the outage"));
        assertEquals(1, client.next("text_ack").get("rev").asLong());
        await().atMost(Duration.ofSeconds(10)).until(() -> "before the outage".equals(get(0, doc).path("text").asText()));

        cluster.redis().stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.nodes().stream().allMatch(n -> state(n).equals("degraded")));

        client.send(TextWsClient.frame("text_op").put("doc", doc).put("rev", 1).put("id", 7)
                .set("op", TextWsClient.JSON.valueToTree(TextOp.of(17, "!"))));
        JsonNode error = client.next("error");
        assertEquals("internal", error.get("code").asText());
        assertEquals("shared text unavailable: Redis is down", error.get("message").asText());
        assertEquals(7, error.get("re").asInt());

        HttpResponse<String> refused = put(0, doc, "lost", null);
        assertEquals(500, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Redis is down"), refused.body());

        for (int node = 0; node < cluster.size(); node++) {
            assertEquals("before the outage", get(node, doc).get("text").asText(), "read through node " + node);
        }
        client.send(TextWsClient.frame("text_get").put("doc", doc));
        assertEquals("before the outage", client.next("text").get("text").asText());

        // Redis comes back empty: the nodes seed it from their copies and agree again.
        cluster.redis().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.nodes().stream().allMatch(n -> state(n).equals("serving")));
        TextWsClient after = socket(2);
        after.send(TextWsClient.frame("text_get").put("doc", doc));
        JsonNode text = after.next(f -> "text".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
        assertEquals("before the outage", text.get("text").asText());
        after.send(TextWsClient.frame("text_op").put("doc", doc).put("rev", text.get("rev").asLong())
                .set("op", TextWsClient.JSON.valueToTree(TextOp.of(17, ", and after"))));
        assertEquals(text.get("rev").asLong() + 1, after.next("text_ack").get("rev").asLong());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int node = 0; node < cluster.size(); node++) {
                assertEquals("before the outage, and after", get(node, doc).get("text").asText(), "through node " + node);
            }
        });
        // The client that was connected through the outage sees the edit in order too.
        JsonNode op = client.next(f -> "text_op".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
        assertEquals(text.get("rev").asLong() + 1, op.get("rev").asLong());
    }

    private static String state(HubProcess node) {
        try {
            return node.hubState();
        } catch (Exception e) {
            return "unreachable";
        }
    }

    private JsonNode get(int node, String doc) throws Exception {
        HttpResponse<String> response = cluster.node(node).request("GET", "/api/text/" + doc, null, Duration.ofSeconds(10));
        assertEquals(200, response.statusCode(), response.body());
        return TextWsClient.JSON.readTree(response.body());
    }

    private HttpResponse<String> put(int node, String doc, String text, String ifMatch) throws Exception {
        String body = TextWsClient.JSON.createObjectNode().put("text", text).toString();
        return ifMatch == null ? cluster.node(node).request("PUT", "/api/text/" + doc, body, Duration.ofSeconds(15))
                : cluster.node(node).request("PUT", "/api/text/" + doc, body, Duration.ofSeconds(15), "If-Match", ifMatch);
    }
}
