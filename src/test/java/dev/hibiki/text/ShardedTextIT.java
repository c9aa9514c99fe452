package dev.hibiki.text;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.cluster.HashSlots;
import dev.hibiki.testing.cluster.ChannelTap;
import dev.hibiki.testing.cluster.RedisClusterServers;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * The shared text on a real Redis Cluster (3 primaries + 3 replicas on loopback) with packaged
 * Hibiki nodes (docs/CLUSTER.md, "Shared text across nodes"): each document's head, log and
 * channel share one slot, documents spread over the primaries, every node subscribes every
 * document's channel (also a node started later, from the set of documents), editors on
 * different nodes converge, the hub channel carries no text ops, a document's primary failing
 * over mid-edit loses no acknowledged edit, and max-documents holds across nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardedTextIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HashSlots SLOTS = new HashSlots(128);
    private static final String HUB_CHANNEL = "hibiki:{hibiki}:bus";
    private static final int MAX_DOCUMENTS = 5;
    private static final EditingSession.Typing TYPING =
            new EditingSession.Typing(150, 7000, 4, "s", 4000, 4000, Duration.ofSeconds(120));

    @RegisterExtension
    static final TestCluster<RedisClusterServers> cluster = TestCluster.onRedisCluster(3, List.of("d1", "d2"),
            "hibiki.text.cluster.snapshot-every=10", "hibiki.text.max-documents=" + MAX_DOCUMENTS);

    /** Everything published on the hub channel while the class runs. */
    private ChannelTap hub;
    /** One document per primary, written in the first test. */
    private final List<String> docs = new ArrayList<>();

    @BeforeAll
    void tapTheHubChannel() {
        hub = ChannelTap.open(cluster.redis().primaryOf(HashSlots.slot(HUB_CHANNEL)), HUB_CHANNEL);
    }

    @AfterAll
    void closeTheTap() {
        if (hub != null) {
            hub.close();
        }
    }

    /** The document's sharded channel, as docs/CLUSTER.md names it. */
    private static String channel(String doc) {
        return "hibiki:{" + SLOTS.tagOf(doc) + "}:text:" + doc;
    }

    private static String head(String doc) {
        return channel(doc) + ":head";
    }

    private TextWsClient socket(int node) {
        return cluster.closeAfterTest(TextWsClient.connect(cluster.node(node).wsUrl()));
    }

    @Test
    @Order(1)
    void documentsInDifferentShardsConvergeThroughEveryNodeAndTheirOpsStayOffTheHubChannel() throws Exception {
        // One document on each primary: names picked by the slot their tag hashes to.
        Set<Integer> primaries = new HashSet<>();
        while (docs.size() < 3) {
            String doc = "shard-" + UUID.randomUUID().toString().substring(0, 8);
            if (primaries.add(cluster.redis().primaryOf(HashSlots.slot(channel(doc))))) {
                docs.add(doc);
            }
        }

        // Created through alternating nodes; then both nodes are subscribed to each channel.
        for (int i = 0; i < docs.size(); i++) {
            String doc = docs.get(i);
            TextWsClient creator = socket(i % 2);
            creator.send(TextWsClient.frame("text_set").put("doc", doc).put("text", "start of " + doc));
            assertEquals(1, creator.next("text_ack").get("rev").asLong());
        }
        for (String doc : docs) {
            await().atMost(PATIENCE).until(() -> cluster.redis().shardSubscribers(channel(doc)) == 2);
        }
        // The head lives in the slot of the channel, on its own primary, with the log beside it.
        for (String doc : docs) {
            int slot = HashSlots.slot(channel(doc));
            int primary = cluster.redis().primaryOf(slot);
            assertEquals(Integer.toString(slot), cluster.redis().cli(primary, "CLUSTER", "KEYSLOT", head(doc)).trim());
            assertEquals(Integer.toString(slot), cluster.redis().cli(primary, "CLUSTER", "KEYSLOT", channel(doc)).trim());
            assertEquals("1", cluster.redis().cli(primary, "EXISTS", head(doc)).trim(), "head of " + doc + " on its primary");
            assertEquals("stream", cluster.redis().cli(primary, "TYPE", channel(doc) + ":log").trim());
        }
        assertEquals(3, primaries.size(), "the documents live on every primary");

        // A second revision through the other node, seen live on the first: from here on both
        // nodes hear every op on the documents' channels.
        for (int i = 0; i < docs.size(); i++) {
            String doc = docs.get(i);
            TextWsClient watcher = socket(i % 2);
            watcher.send(TextWsClient.frame("text_get").put("doc", doc));
            watcher.next(f -> "text".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
            TextWsClient writer = socket((i + 1) % 2);
            writer.send(TextWsClient.frame("text_set").put("doc", doc).put("text", doc));
            assertEquals(2, writer.next("text_ack").get("rev").asLong());
            assertEquals(2, watcher.next(f -> "text_op".equals(f.path("type").asText())).get("rev").asLong());
        }
        long[] hubBefore = { intake(0, "hub"), intake(1, "hub") };
        long[] textBefore = { intake(0, "text"), intake(1, "text") };

        // Two editors per document, one on each node, all six typing at once.
        List<EditingSession> sessions = new ArrayList<>();
        for (String doc : docs) {
            EditingSession session = new EditingSession(doc, 2);
            session.join(socket(0));
            session.join(socket(1));
            sessions.add(session);
        }
        ExecutorService typing = Executors.newFixedThreadPool(sessions.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (EditingSession session : sessions) {
                running.add(typing.submit(() -> {
                    session.type(TYPING);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            typing.shutdown();
        }

        long ops = 0;
        for (int i = 0; i < docs.size(); i++) {
            EditingSession session = sessions.get(i);
            await().atMost(Duration.ofSeconds(60)).until(session::settled);
            session.assertNoFailures();
            JsonNode first = get(0, docs.get(i));
            JsonNode second = get(1, docs.get(i));
            assertEquals(first.get("rev").asLong(), second.get("rev").asLong(), "rev of " + docs.get(i));
            assertEquals(first.get("text").asText(), second.get("text").asText(), "text of " + docs.get(i));
            session.assertConvergedOn(first.get("text").asText(), first.get("rev").asLong(), 5);
            ops += first.get("rev").asLong() - 2;
        }

        // Every node received every op once, on the documents' channels. The hub channel carried
        // none of them: its frames meanwhile (heartbeats, counts) are fewer than the ops, and all
        // it ever carried of the text are the new-document notices, one per document.
        long total = ops;
        for (int node = 0; node < 2; node++) {
            int n = node;
            await().atMost(PATIENCE).untilAsserted(
                    () -> assertEquals(total, intake(n, "text") - textBefore[n], "text ops received by node " + n));
            long hubFrames = intake(node, "hub") - hubBefore[node];
            assertTrue(hubFrames < total, "node " + node + " received " + hubFrames + " hub frames for " + total + " ops");
        }
        List<String> onHub = hub.firstLines();
        assertTrue(onHub.stream().noneMatch(line -> line.startsWith("text ") || line.startsWith("text-seed ")),
                () -> "text ops on the hub channel: " + onHub.stream().filter(l -> l.startsWith("text")).toList());
        for (String doc : docs) {
            assertEquals(1, onHub.stream().filter(line -> line.startsWith("text-doc ") && line.endsWith(" " + doc)).count(),
                    "one notice of " + doc);
        }
        System.out.printf("sharded text: %d documents on %d primaries, %d ops; per node %d text frames, hub frames %d / %d%n",
                docs.size(), primaries.size(), total, total, intake(0, "hub") - hubBefore[0], intake(1, "hub") - hubBefore[1]);
    }

    @Test
    @Order(2)
    void aNodeStartedLaterSubscribesEveryDocumentFromTheSetAndServesIt() throws Exception {
        cluster.addNode("d3");
        // Nobody has touched the documents through it: it subscribed them from the set of documents.
        for (String doc : docs) {
            await().atMost(PATIENCE).until(() -> cluster.redis().shardSubscribers(channel(doc)) == 3);
        }
        assertEquals(docs.size(), (int) gauge(2, "hibiki_cluster_text_channels"));

        for (String doc : docs) {
            JsonNode current = get(0, doc);
            JsonNode late = get(2, doc);
            assertEquals(current.get("rev").asLong(), late.get("rev").asLong());
            assertEquals(current.get("text").asText(), late.get("text").asText());
        }

        // Its clients hear edits made through the other nodes live, and its own edits reach them.
        String doc = docs.get(0);
        TextWsClient reader = socket(2);
        reader.send(TextWsClient.frame("text_get").put("doc", doc));
        JsonNode text = reader.next(f -> "text".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
        long rev = text.get("rev").asLong();
        TextWsClient writer = socket(1);
        writer.send(TextWsClient.frame("text_op").put("doc", doc).put("rev", rev)
                .set("op", TextWsClient.JSON.valueToTree(new TextOp.Builder().insert("«d2»")
                        .retain(text.get("text").asText().length()).build())));
        assertEquals(rev + 1, writer.next("text_ack").get("rev").asLong());
        JsonNode op = reader.next(f -> "text_op".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
        assertEquals(rev + 1, op.get("rev").asLong());

        reader.send(TextWsClient.frame("text_op").put("doc", doc).put("rev", rev + 1)
                .set("op", TextWsClient.JSON.valueToTree(new TextOp.Builder().insert("«d3»")
                        .retain(text.get("text").asText().length() + 4).build())));
        assertEquals(rev + 2, reader.next("text_ack").get("rev").asLong());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertTrue(get(0, doc).get("text").asText().startsWith("«d3»«d2»")));
    }

    @Test
    @Order(3)
    void aDocumentsPrimaryFailingOverWhileEditorsTypeLosesNoAcknowledgedEdit() throws Exception {
        // A fourth document, created by the first edits of editors on all three nodes at once, on
        // a primary other than the hub slot's (whose failover would also cut the tap).
        int hubPrimary = cluster.redis().primaryOf(HashSlots.slot(HUB_CHANNEL));
        String doc;
        int primary;
        do {
            doc = "failover-" + UUID.randomUUID().toString().substring(0, 8);
            primary = cluster.redis().primaryOf(HashSlots.slot(channel(doc)));
        } while (primary == hubPrimary);
        int replica = cluster.redis().replicaOf(primary);
        EditingSession session = new EditingSession(doc);
        for (int node = 0; node < cluster.size(); node++) {
            session.join(socket(node));
        }

        ExecutorService typing = Executors.newSingleThreadExecutor();
        try {
            Future<?> typed = typing.submit(() -> {
                session.type(new EditingSession.Typing(300, 9000, 4, "f", 2000, 4000, Duration.ofSeconds(120)));
                return null;
            });
            await().atMost(PATIENCE).until(() -> session.acks() >= 20);
            assertEquals("OK", cluster.redis().cli(replica, "CLUSTER", "FAILOVER").trim());
            await().atMost(PATIENCE).until(() -> cluster.redis().cli(replica, "ROLE").startsWith("master"));
            typed.get(2, TimeUnit.MINUTES);
        } finally {
            typing.shutdown();
        }

        await().atMost(Duration.ofSeconds(60)).until(session::settled);
        session.assertNoFailures();
        String failedOver = doc;
        JsonNode first = get(0, failedOver);
        for (int node = 1; node < cluster.size(); node++) {
            JsonNode other = get(node, failedOver);
            assertEquals(first.get("rev").asLong(), other.get("rev").asLong(), "rev through node " + node);
            assertEquals(first.get("text").asText(), other.get("text").asText(), "text through node " + node);
        }
        session.assertConvergedOn(first.get("text").asText(), first.get("rev").asLong(), 5);
        // Every node subscribed the document's channel again, on the new primary.
        await().atMost(PATIENCE).until(() -> cluster.redis().shardSubscribers(channel(failedOver)) == cluster.size());
        assertEquals(replica, cluster.redis().primaryOf(HashSlots.slot(channel(doc))));
    }

    @Test
    @Order(4)
    void maxDocumentsRefusesOneDocumentTooManyThroughAnyNode() throws Exception {
        // Four documents exist; the fifth is created through the node started last.
        String fifth = "fifth-" + UUID.randomUUID().toString().substring(0, 8);
        TextWsClient creator = socket(2);
        creator.send(TextWsClient.frame("text_set").put("doc", fifth).put("text", "one of five"));
        assertEquals(1, creator.next("text_ack").get("rev").asLong());
        int hubPrimary = cluster.redis().primaryOf(HashSlots.slot(HUB_CHANNEL));
        assertEquals(Integer.toString(MAX_DOCUMENTS), cluster.redis().cli(hubPrimary, "SCARD", "hibiki:{hibiki}:text:docs").trim());

        String sixth = "sixth-" + UUID.randomUUID().toString().substring(0, 8);
        for (int node = 0; node < cluster.size(); node++) {
            TextWsClient client = socket(node);
            client.send(TextWsClient.frame("text_set").put("doc", sixth).put("text", "one too many").put("id", node));
            JsonNode error = client.next("error");
            assertEquals("too_large", error.get("code").asText(), error.toString());
            assertEquals("the cluster already has " + MAX_DOCUMENTS + " documents, the limit is " + MAX_DOCUMENTS,
                    error.get("message").asText());
            assertEquals(node, error.get("re").asInt());
        }
        int sixthPrimary = cluster.redis().primaryOf(HashSlots.slot(channel(sixth)));
        assertEquals("0", cluster.redis().cli(sixthPrimary, "EXISTS", head(sixth)).trim(), "nothing written for the sixth");
        assertTrue(hub.firstLines().stream().noneMatch(line -> line.endsWith(" " + sixth)), "no notice of the sixth");

        // The documents that exist still take edits through any node.
        TextWsClient client = socket(0);
        client.send(TextWsClient.frame("text_set").put("doc", fifth).put("text", "still editable"));
        assertEquals(2, client.next("text_ack").get("rev").asLong());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertEquals("still editable", get(1, fifth).get("text").asText()));
    }

    /** The node's {@code hibiki_cluster_intake_total{channel="..."}}. */
    private static long intake(int node, String channel) {
        return (long) metric(node, "hibiki_cluster_intake_total{", "channel=\"" + channel + "\"");
    }

    private static double gauge(int node, String name) {
        return metric(node, name + " ", "");
    }

    private static double metric(int node, String start, String containing) {
        try {
            return cluster.node(node).body("/q/metrics").lines()
                    .filter(line -> (line.startsWith(start) || line.startsWith(start.trim() + "{")) && line.contains(containing))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(int node, String doc) throws Exception {
        HttpResponse<String> response = cluster.node(node).request("GET", "/api/text/" + doc, null, Duration.ofSeconds(10));
        assertEquals(200, response.statusCode(), response.body());
        return TextWsClient.JSON.readTree(response.body());
    }
}
