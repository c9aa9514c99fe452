package dev.hibiki.web;

import java.nio.file.Files;
import java.nio.file.Path;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Test-only pages under {@code /sio-test/}: the official socket.io browser bundle (from the npm
 * install in src/test/node, served locally) and a page written as the seeds write theirs: a
 * textarea on text_update/text_update_request, a user count on count_update, and a chat on
 * send_message/receive_message.
 */
@ApplicationScoped
public class SocketIoTestPages {

    static final Path BUNDLE = Path.of("src/test/node/node_modules/sio4/dist/socket.io.min.js");

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

    void install(@Observes Router router) {
        router.get("/sio-test/socket.io.min.js").handler(context -> {
            if (!Files.isReadable(BUNDLE)) {
                context.response().setStatusCode(404).end();
                return;
            }
            context.response().putHeader("Content-Type", "text/javascript").sendFile(BUNDLE.toString());
        });
        router.get("/sio-test/seed.html").handler(context -> context.response()
                .putHeader("Content-Type", "text/html; charset=utf-8").end(PAGE));
    }
}
