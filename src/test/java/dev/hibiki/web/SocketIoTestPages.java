package dev.hibiki.web;

import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Test-only pages under {@code /sio-test/}: the official socket.io browser bundles (4.8, 2.5 and
 * 1.3.5, from the npm install in src/test/node, served locally), a page written as the seeds write
 * theirs (a textarea on text_update/text_update_request, a user count on count_update, and a chat
 * on send_message/receive_message), and the Flask-SocketIO example's page.
 */
@ApplicationScoped
public class SocketIoTestPages {

    static final Path BUNDLE = Path.of("src/test/node/node_modules/sio4/dist/socket.io.min.js");
    /** socket.io-client 2.5 and 1.3.5 (Engine.IO v3); 1.3.5 is what the Flask example's page loads. */
    static final Path BUNDLE_2 = Path.of("src/test/node/node_modules/sio2/dist/socket.io.js");
    static final Path BUNDLE_1 = Path.of("src/test/node/node_modules/sio1/socket.io.js");

    /**
     * The Flask-SocketIO example's page (example/templates/index.html of its 1.x/2.x days) without
     * jQuery: the same {@code io.connect} to {@code /test}, the same emits from the same forms, the
     * same log lines. {@code ?v=1|2} picks the client, {@code ?transports=polling} pins the
     * transport (the page itself lets the client upgrade). Beside it, a binary chat on {@code /}
     * ({@code send_message} of an ArrayBuffer, shown as hex) for binary over the same transport.
     */
    static final String FLASK_PAGE = """
            <!doctype html><meta charset="utf-8"><title>Flask-SocketIO Test</title>
            <script>
              const query = new URLSearchParams(location.search);
              document.write('<script src="/sio-test/socket.io-' + (query.get("v") || "1") + '.js"><\\/script>');
            </script>
            <form id="emit"><input id="emit_data" value="Echo!"><button id="emit_go">Echo</button></form>
            <form id="broadcast"><input id="broadcast_data"><button id="broadcast_go">Broadcast</button></form>
            <form id="join"><input id="join_room"><button id="join_go">Join Room</button></form>
            <form id="leave"><input id="leave_room"><button id="leave_go">Leave Room</button></form>
            <form id="send_room"><input id="room_name"><input id="room_data"><button id="send_room_go">Send to Room</button></form>
            <form id="disconnect"><button id="disconnect_go">Disconnect</button></form>
            <button id="bytes_go">Send bytes</button> <span id="bytes"></span> <span id="state">connecting</span>
            <h2>Receive:</h2><div id="log"></div>
            <script>
              const options = query.get("transports") ? { transports: query.get("transports").split(",") } : {};
              const namespace = "/test";
              const socket = io.connect("http://" + document.domain + ":" + location.port + namespace, options);
              socket.on("connect", () => {
                document.getElementById("state").textContent = "connected";
                socket.emit("my event", { data: "I'm connected!" });
              });
              socket.on("disconnect", () => { document.getElementById("state").textContent = "disconnected"; });
              socket.on("my response", (msg) => {
                const line = document.createElement("div");
                line.textContent = "Received #" + msg.count + ": " + msg.data;
                document.getElementById("log").appendChild(line);
              });
              const value = (id) => document.getElementById(id).value;
              const on = (form, emit) => document.getElementById(form).onsubmit = () => { emit(); return false; };
              on("emit", () => socket.emit("my event", { data: value("emit_data") }));
              on("broadcast", () => socket.emit("my broadcast event", { data: value("broadcast_data") }));
              on("join", () => socket.emit("join", { room: value("join_room") }));
              on("leave", () => socket.emit("leave", { room: value("leave_room") }));
              on("send_room", () => socket.emit("my room event", { room: value("room_name"), data: value("room_data") }));
              on("disconnect", () => socket.emit("disconnect request"));

              const chat = io.connect("http://" + document.domain + ":" + location.port + "/", options);
              chat.on("receive_message", (data) => {
                if (data instanceof ArrayBuffer) {
                  document.getElementById("bytes").textContent += Array.from(new Uint8Array(data))
                      .map((b) => b.toString(16).padStart(2, "0")).join("") + " ";
                }
              });
              document.getElementById("bytes_go").onclick = () => chat.emit("send_message", new Uint8Array([1, 2, 3, 255]).buffer);
              window.transports = () => [socket.io.engine.transport.name, chat.io.engine.transport.name].join(",");
            </script>
            """;

    static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>seed page</title>
            <textarea id="text"></textarea> users: <span id="count">?</span>
            <ul id="messages"></ul><input id="msg"><button id="send">Send</button>
            <script src="/sio-test/socket.io.min.js"></script>
            <script>
              const socket = io();
              const text = document.getElementById("text");
              socket.on("text_update", (d) => { text.value = d.text; });
              socket.on("count_update", (d) => { document.getElementById("count").textContent = d.user_count; });
              text.addEventListener("input", () => socket.emit("text_update_request", { text: text.value }));
              socket.on("receive_message", (m) => {
                const li = document.createElement("li");
                li.textContent = m.text;
                document.getElementById("messages").appendChild(li);
              });
              document.getElementById("send").onclick = () =>
                socket.emit("send_message", { text: document.getElementById("msg").value });
            </script>
            """;

    private static void bundle(Router router, String path, Path file) {
        router.get(path).handler(context -> {
            if (!Files.isReadable(file)) {
                context.response().setStatusCode(404).end();
                return;
            }
            context.response().putHeader("Content-Type", "text/javascript").sendFile(file.toString());
        });
    }

    void install(@Observes Router router) {
        router.get("/sio-test/socket.io.min.js").handler(context -> {
            if (!Files.isReadable(BUNDLE)) {
                context.response().setStatusCode(404).end();
                return;
            }
            context.response().putHeader("Content-Type", "text/javascript").sendFile(BUNDLE.toString());
        });
        bundle(router, "/sio-test/socket.io-2.js", BUNDLE_2);
        bundle(router, "/sio-test/socket.io-1.js", BUNDLE_1);
        router.get("/sio-test/flask.html").handler(context -> context.response()
                .putHeader("Content-Type", "text/html; charset=utf-8").end(FLASK_PAGE));
        router.get("/sio-test/seed.html").handler(context -> context.response()
                .putHeader("Content-Type", "text/html; charset=utf-8").end(PAGE));
    }
}
