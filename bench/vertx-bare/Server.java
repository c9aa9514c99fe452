// The transport stack's floor: a plain Vert.x 4 WebSocket server on the very jars Hibiki runs on
// (vertx-core, Netty with its native epoll, Jackson; from target/quarkus-app/lib/main), with no
// Quarkus, no websockets-next and none of Hibiki's work (limits, counts, presence, metrics). It
// speaks the subset of protocol v1 that bench/node-ws/server.js speaks (welcome, echo, ping,
// status, broadcast), so `bench/compare.sh` can put it beside Hibiki and Node `ws` in one run:
// what it costs is what any server built on this stack costs at least on this JVM.
//
//   java -XX:+UseSerialGC -Xmn24m -XX:MaxRAMPercentage=60 -cp 'target/quarkus-app/lib/main/*' \
//        bench/vertx-bare/Server.java [port]
//
// (the JVM options are the Hibiki launcher's, src/main/bin/hibiki). Run as a single source file:
// nothing to build.
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

public class Server {

    private static final Set<ServerWebSocket> CLIENTS = ConcurrentHashMap.newKeySet();
    private static final AtomicLong NEXT = new AtomicLong(1);
    private static final long STARTED = System.nanoTime();

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8100;
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setMaxWebSocketFrameSize(65536))
                .webSocketHandler(Server::open)
                .listen()
                .onSuccess(s -> System.out.printf("vertx-bare listening on ws://localhost:%d/ws (pid %d, %s)%n",
                        port, ProcessHandle.current().pid(), vertx.isNativeTransportEnabled() ? "epoll" : "NIO"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private static void open(ServerWebSocket ws) {
        if (!"/ws".equals(ws.path())) {
            ws.close();
            return;
        }
        String query = ws.query();
        String name = query != null && query.startsWith("name=") ? query.substring(5) : "guest";
        JsonObject who = new JsonObject().put("id", "v" + NEXT.getAndIncrement()).put("name", name);
        long[] count = {0};
        CLIENTS.add(ws);
        ws.closeHandler(v -> CLIENTS.remove(ws));
        ws.writeTextMessage(new JsonObject().put("type", "welcome").put("id", who.getString("id")).put("name", name)
                .put("connections", CLIENTS.size()).put("node", "vertx-bare").put("version", "peer").encode());
        ws.textMessageHandler(text -> {
            JsonObject f;
            try {
                f = new JsonObject(text);
            } catch (RuntimeException e) {
                ws.writeTextMessage("{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"not JSON\"}");
                return;
            }
            count[0]++;
            String ts = Instant.now().toString();
            String type = f.getString("type", "");
            switch (type) {
                case "echo" -> reply(ws, f, new JsonObject().put("type", "echo").put("text", f.getValue("text"))
                        .put("count", count[0]).put("ts", ts));
                case "ping" -> reply(ws, f, new JsonObject().put("type", "pong").put("t", f.getValue("t")).put("ts", ts));
                case "status" -> reply(ws, f, new JsonObject().put("type", "status").put("connections", CLIENTS.size())
                        .put("rooms", 0).put("uptime", (System.nanoTime() - STARTED) / 1e9).put("node", "vertx-bare")
                        .put("version", "peer"));
                case "broadcast" -> {
                    // Encoded once; each connection writes the same string (as the Node peer does).
                    String out = new JsonObject().put("type", "broadcast").put("from", who).put("text", f.getValue("text"))
                            .put("data", f.getValue("data")).put("ts", ts).encode();
                    boolean self = !Boolean.FALSE.equals(f.getValue("self"));
                    for (ServerWebSocket c : CLIENTS) {
                        if (self || c != ws) {
                            c.writeTextMessage(out);
                        }
                    }
                }
                default -> reply(ws, f, new JsonObject().put("type", "error").put("code", "unknown_type")
                        .put("message", "unknown type " + type));
            }
        });
    }

    private static void reply(ServerWebSocket ws, JsonObject frame, JsonObject msg) {
        Object id = frame.getValue("id");
        if (id != null) {
            msg.put("re", id);
        }
        ws.writeTextMessage(msg.encode());
    }
}
