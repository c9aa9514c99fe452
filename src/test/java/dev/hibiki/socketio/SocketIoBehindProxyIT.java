package dev.hibiki.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.socketio.SioClient.Transports;
import dev.hibiki.testing.cluster.HaproxyProcess;
import dev.hibiki.testing.cluster.HaproxyProcess.Request;
import dev.hibiki.testing.cluster.HubProcess;
import dev.hibiki.testing.cluster.RedisServer;
import dev.hibiki.testing.cluster.TestCluster;

/**
 * Three packaged Hibiki nodes joined through a real redis-server, behind a real HAProxy that runs
 * deploy/examples/haproxy.cfg as shipped: round robin plus the {@code hibiki-route} affinity
 * cookie, the routing deploy/examples/ingress.yaml asks of ingress-nginx. Real Socket.IO clients
 * that keep cookies (the official Java client with a cookie jar, socket.io-client 4.8 under Node
 * with {@code withCredentials}, Debian's python3-socketio) long-poll through it: their sessions
 * spread over the three nodes, every request of a session reaches its node (the proxy's own log
 * says so), and events cross nodes. WebSocket-only clients need no cookie. Without the cookie the
 * next request of a session meets another node, which answers 400 "Session ID unknown".
 */
// Ordered because the first test counts each node's sessions exactly, and a later test leaves a
// session its client gave up on to the node's ping timeout.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocketIoBehindProxyIT {

    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final String COOKIE = "hibiki-route";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestCluster<RedisServer> cluster = TestCluster.standalone(NODES);

    private static HaproxyProcess proxy;

    @BeforeAll
    static void startProxy() {
        proxy = new HaproxyProcess().start(cluster.nodes());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    @Order(1)
    void pollingSessionsSpreadOverTheThreeNodesAndEveryRequestReachesItsOwn() throws Exception {
        int logged = proxy.requests().size();
        Map<SioClient, String> nodeOf = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            CookieKeepingHttp http = new CookieKeepingHttp();
            SioClient client = cluster.closeAfterTest(SioClient.open(proxy.baseUrl(), "/", Transports.POLLING, http.client));
            client.awaitConnected();
            // Where it landed, as the node itself says, and as the proxy's cookie says.
            String node = nodeName(client);
            assertThat(http.value(COOKIE)).as("the proxy's cookie names the node that serves the session").contains(node);
            nodeOf.put(client, node);
        }
        assertThat(new TreeSet<>(nodeOf.values())).as("sessions per node: %s", count(nodeOf.values()))
                .containsExactlyElementsOf(NODES);
        // Each node holds exactly the sessions the proxy gave it (its own Engine.IO gauge).
        Map<String, Integer> expected = count(nodeOf.values());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (HubProcess node : cluster.nodes()) {
                assertThat(socketIoSessions(node)).as("Engine.IO sessions on " + node.node())
                        .isEqualTo(expected.get(node.node()));
            }
        });

        // Many polls each: an acked echo is a POST and a poll answer.
        for (SioClient client : nodeOf.keySet()) {
            for (int i = 0; i < 15; i++) {
                JSONObject echo = (JSONObject) client.call("echo", SioClient.json("text", "poll " + i))[0];
                assertThat(echo.getString("text")).isEqualTo("poll " + i);
            }
            assertThat(client.transport()).isEqualTo("polling");
            assertThat(client.socket().connected()).isTrue();
        }
        Map<String, List<Request>> bySession = sessions(proxy.requestsSince(logged));
        assertThat(bySession).as("sessions in the proxy's log").hasSizeGreaterThanOrEqualTo(6);
        bySession.forEach((sid, requests) -> {
            assertThat(requests.stream().map(Request::server).distinct()).as("nodes of session " + sid).hasSize(1);
            assertThat(requests).as("requests of session " + sid).allMatch(r -> r.status() == 200);
        });
        assertThat(bySession.values().stream().filter(requests -> requests.size() >= 30).count())
                .as("sessions with at least 30 requests (15 POSTs and their poll answers)").isGreaterThanOrEqualTo(6);

        // A broadcast from a session on one node reaches the sessions on the two others.
        SioClient onN1 = onNode(nodeOf, "n1");
        SioClient onN2 = onNode(nodeOf, "n2");
        SioClient onN3 = onNode(nodeOf, "n3");
        onN1.emit("broadcast", SioClient.json("text", "from n1"));
        for (SioClient other : List.of(onN2, onN3)) {
            assertThat(other.next("broadcast", e -> "from n1".equals(e.json().optString("text")))).isNotNull();
        }
        // A room spans nodes too: n1 and n2 join it, n3 does not.
        String room = "proxy-" + System.nanoTime();
        onN1.call("join", SioClient.json("room", room));
        onN2.call("join", SioClient.json("room", room));
        onN1.emit("publish", SioClient.json("room", room, "text", "room talk")); // no ack: the sender gets the message too
        assertThat(onN2.next("message", e -> room.equals(e.json().optString("room"))).json().getString("text"))
                .isEqualTo("room talk");
        onN1.emit("broadcast", SioClient.json("text", "after the room"));
        onN3.next("broadcast", e -> "after the room".equals(e.json().optString("text")));
        assertThat(onN3.all("message")).as("n3 is not in the room").isEmpty();
        assertThat(proxy.requestsSince(logged)).as("no request met a node that did not know its session")
                .noneMatch(r -> r.status() == 400);
    }

    @Test
    @Order(2)
    void upgradedSessionsMoveToWebSocketOnTheNodeOfTheirHandshake() throws Exception {
        int logged = proxy.requests().size();
        List<SioClient> clients = new ArrayList<>();
        Map<String, String> nodes = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            CookieKeepingHttp http = new CookieKeepingHttp();
            SioClient client = cluster.closeAfterTest(SioClient.open(proxy.baseUrl(), "/", Transports.UPGRADE, http.client));
            client.awaitConnected();
            await().atMost(Duration.ofSeconds(10)).until(() -> "websocket".equals(client.transport()));
            String node = nodeName(client);
            assertThat(http.value(COOKIE)).contains(node);
            nodes.put(client.socket().id(), node);
            clients.add(client);
        }
        assertThat(new TreeSet<>(nodes.values())).containsExactlyElementsOf(NODES);
        clients.get(0).emit("broadcast", SioClient.json("text", "over websocket"));
        for (SioClient other : clients.subList(1, 3)) {
            other.next("broadcast", e -> "over websocket".equals(e.json().optString("text")));
        }
        for (SioClient client : clients) {
            cluster.closeNow(client);
        }
        // The upgrade (GET transport=websocket&sid=…, 101) is logged when its tunnel closes: it
        // went to the node of the session's polling requests, thanks to the cookie.
        await().atMost(Duration.ofSeconds(15)).until(() -> upgrades(proxy.requestsSince(logged)) >= 3);
        // Only this test's sessions upgraded (the log may still get the last requests of the
        // previous test's, such as a poll its client sent while closing).
        Map<String, List<Request>> upgraded = sessions(proxy.requestsSince(logged));
        upgraded.values().removeIf(requests -> requests.stream().noneMatch(r -> r.uri().contains("transport=websocket")));
        assertThat(upgraded).hasSize(3);
        upgraded.forEach((sid, requests) -> {
            assertThat(requests.stream().map(Request::server).distinct()).as("nodes of session " + sid).hasSize(1);
            assertThat(requests).as("requests of session " + sid).allMatch(r -> r.status() == 200 || r.status() == 101);
        });
    }

    @Test
    @Order(3)
    void webSocketOnlyClientsNeedNoCookieAndLandOnAnyNode() throws Exception {
        List<SioClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // The Java client's default HTTP client: no cookie jar.
            clients.add(cluster.closeAfterTest(SioClient.connected(proxy.baseUrl(), "/", Transports.WEBSOCKET)));
        }
        Set<String> nodes = new TreeSet<>();
        for (SioClient client : clients) {
            nodes.add(nodeName(client));
        }
        assertThat(nodes).as("round robin, one connection each").containsExactlyElementsOf(NODES);
        clients.get(2).emit("broadcast", SioClient.json("text", "no affinity needed"));
        for (SioClient other : clients.subList(0, 2)) {
            other.next("broadcast", e -> "no affinity needed".equals(e.json().optString("text")));
        }
    }

    @Test
    @Order(4)
    void withoutTheCookieTheNextRequestOfASessionMeetsANodeThatAnswers400() throws Exception {
        // No cookie handler: keeps nothing. HTTP/1.1 as Socket.IO clients speak it (the JDK's
        // default would try an h2c upgrade, which the proxy passes on to the node).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI engine = proxy.baseUrl().resolve("/socket.io/?EIO=4&transport=polling");
        HttpResponse<String> handshake = http.send(HttpRequest.newBuilder(engine).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(handshake.statusCode()).isEqualTo(200);
        String sid = JSON.readTree(handshake.body().split("\u001e")[0].substring(1)).path("sid").asText();
        String cookie = handshake.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(cookie).startsWith(COOKIE + "=");
        URI session = URI.create(engine + "&sid=" + sid);

        // Round robin sends the cookie-less request to the next node, which never saw the session.
        HttpResponse<String> lost = http.send(HttpRequest.newBuilder(session).POST(HttpRequest.BodyPublishers.ofString("40"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(lost.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(lost.body())).isEqualTo(JSON.readTree("{\"code\":1,\"message\":\"Session ID unknown\"}"));

        // With the cookie it reaches the session's node, where the session is unharmed.
        HttpResponse<String> kept = http.send(HttpRequest.newBuilder(session).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("40")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(kept.statusCode()).isEqualTo(200);
        HttpResponse<String> poll = http.send(HttpRequest.newBuilder(session).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.body()).startsWith("40{\"sid\":");
        http.send(HttpRequest.newBuilder(session).header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString("1"))
                .build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    @Order(6)
    void theJavaScriptClientWithCredentialsPollsThroughTheProxyAndWithoutItCannotConnect() throws Exception {
        requireNode();
        JsonNode seen = node("cookies");
        List<String> landed = new ArrayList<>();
        for (JsonNode socket : seen.path("sockets")) {
            assertThat(socket.path("echoes").asInt()).as(seen.toString()).isEqualTo(20);
            assertThat(socket.path("transport").asText()).isEqualTo("polling");
            assertThat(socket.path("cookie").asText()).as("cookie names the serving node").isEqualTo(socket.path("node").asText());
            landed.add(socket.path("node").asText());
        }
        assertThat(new TreeSet<>(landed)).as(seen.toString()).containsExactlyElementsOf(NODES);
        assertThat(seen.path("broadcastHeard").asInt()).isEqualTo(2);

        // The default (withCredentials: false) keeps no cookie: the CONNECT POST and the next poll
        // go to the other nodes, which answer 400, and the client gives up on the session with a
        // connect_error (with reconnection on, the default, it would start over, and again fail
        // unless every request happened to meet the node of its handshake).
        JsonNode lost = node("no-cookies");
        assertThat(lost.path("connected").asBoolean()).as(lost.toString()).isFalse();
        assertThat(lost.path("event").asText()).as(lost.toString()).isEqualTo("connect_error");
        assertThat(lost.path("reason").asText()).as(lost.toString()).matches("xhr (post|poll) error");
        assertThat(lost.path("cookie").isNull()).isTrue();
    }

    @Test
    @Order(5)
    void thePythonClientPollsThroughTheProxy() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        requirePython(python);
        int logged = proxy.requests().size();
        // The script PythonClientTest runs against one node: an ack and 40 echoes over polling,
        // through python-engineio's requests.Session, which keeps the cookie.
        Process process = new ProcessBuilder(python, "sio_client.py", proxy.baseUrl().toString().replaceAll("/$", ""), "polling")
                .directory(new File("src/test/python")).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode seen = JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
        assertThat(seen.path("complete").asBoolean()).as(output).isTrue();
        assertThat(seen.path("echoes").size()).isEqualTo(40);
        assertThat(seen.path("transport").asText()).isEqualTo("polling");
        Map<String, List<Request>> bySession = sessions(proxy.requestsSince(logged));
        bySession.values().removeIf(requests -> requests.stream().noneMatch(r -> r.uri().contains("name=python")));
        assertThat(bySession).as("the Python client's session (its requests carry ?name=python)").hasSize(1);
        bySession.values().forEach(requests -> {
            assertThat(requests.stream().map(Request::server).distinct()).hasSize(1);
            assertThat(requests).allMatch(r -> r.status() == 200);
        });
    }

    @Test
    @Order(7) // last: it stops a node
    void whenItsNodeStopsAClientStartsOverOnAnotherNodeAndTheCookieFollows() throws Exception {
        CookieKeepingHttp http = new CookieKeepingHttp();
        SioClient before = cluster.closeAfterTest(SioClient.open(proxy.baseUrl(), "/", Transports.POLLING, http.client));
        before.awaitConnected();
        String gone = nodeName(before);
        HubProcess node = cluster.nodes().stream().filter(n -> n.node().equals(gone)).findFirst().orElseThrow();
        node.stop(); // SIGTERM: the drain closes the session, as in a rollout
        assertThat(before.awaitDisconnect()).isNotNull();

        // What the client's reconnect does: a new handshake, still carrying the old cookie. The
        // proxy sees its node down (health check, or a refused connection and option redispatch),
        // picks another, and replaces the cookie; the new session's requests all go there.
        SioClient after = cluster.closeAfterTest(SioClient.open(proxy.baseUrl(), "/", Transports.POLLING, http.client));
        after.awaitConnected();
        String now = nodeName(after);
        assertThat(now).isNotEqualTo(gone).isIn(NODES);
        assertThat(http.value(COOKIE)).contains(now);
        for (int i = 0; i < 10; i++) {
            JSONObject echo = (JSONObject) after.call("echo", SioClient.json("text", "moved " + i))[0];
            assertThat(echo.getString("text")).isEqualTo("moved " + i);
        }
        assertThat(after.socket().connected()).isTrue();
    }

    /** The node serving a client, as the node answers Hibiki's {@code status} (its {@code node} field). */
    private static String nodeName(SioClient client) {
        return ((JSONObject) client.call("status")[0]).optString("node");
    }

    private static SioClient onNode(Map<SioClient, String> nodeOf, String node) {
        return nodeOf.entrySet().stream().filter(e -> e.getValue().equals(node)).findFirst().orElseThrow().getKey();
    }

    private static Map<String, Integer> count(java.util.Collection<String> nodes) {
        Map<String, Integer> counts = new TreeMap<>();
        nodes.forEach(node -> counts.merge(node, 1, Integer::sum));
        return counts;
    }

    /** The Socket.IO requests that carry a session id, grouped by it. */
    private static Map<String, List<Request>> sessions(List<Request> requests) {
        return requests.stream().filter(Request::socketIo).filter(r -> r.sid() != null)
                .collect(Collectors.groupingBy(Request::sid, LinkedHashMap::new, Collectors.toList()));
    }

    private static long upgrades(List<Request> requests) {
        return requests.stream().filter(r -> r.status() == 101 && r.uri().contains("transport=websocket")).count();
    }

    /** This node's {@code hibiki_socketio_sessions} gauge, from its own /q/metrics. */
    private static int socketIoSessions(HubProcess node) throws Exception {
        for (String line : node.body("/q/metrics").split("\n")) {
            if (line.startsWith("hibiki_socketio_sessions ") || line.startsWith("hibiki_socketio_sessions{")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no hibiki_socketio_sessions on " + node.node());
    }

    private static JsonNode node(String mode) throws Exception {
        Process process = new ProcessBuilder("node", "proxy.js", proxy.baseUrl().toString().replaceAll("/$", ""), mode)
                .directory(new File("src/test/node")).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(output).isZero();
        return JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
    }

    private static void requireNode() {
        boolean installed = Files.isDirectory(Path.of("src/test/node/node_modules/sio4"));
        if (!installed && "1".equals(System.getenv("HIBIKI_REQUIRE_NODE"))) {
            throw new AssertionError("HIBIKI_REQUIRE_NODE=1 but src/test/node/node_modules is missing");
        }
        Assumptions.assumeTrue(installed, "node and npm install in src/test/node needed");
    }

    private static void requirePython(String python) throws Exception {
        Process probe = new ProcessBuilder(python, "-c", "import socketio, websocket").redirectErrorStream(true).start();
        boolean installed = probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        if (!installed && "1".equals(System.getenv("HIBIKI_REQUIRE_PYTHON_SOCKETIO"))) {
            throw new AssertionError("HIBIKI_REQUIRE_PYTHON_SOCKETIO=1 but python3-socketio is missing");
        }
        Assumptions.assumeTrue(installed, "python3-socketio and python3-websocket needed (apt)");
    }
}
