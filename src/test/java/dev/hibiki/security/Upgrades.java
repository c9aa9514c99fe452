package dev.hibiki.security;

import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.hibiki.testing.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** Raw WebSocket handshakes, to see what a refused upgrade answers and which subprotocol is chosen. */
final class Upgrades {

    /** A refused upgrade as the client saw it: the HTTP status and the JSON body. */
    record Refused(int status, JsonObject body) {
    }

    private Upgrades() {
    }

    static WebSocketConnectOptions options(URI base, String query) {
        return new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI("/ws" + (query == null ? "" : "?" + query));
    }

    /** Connects, expecting the server to refuse the upgrade. */
    static Refused refused(Vertx vertx, URI base, String query, Consumer<WebSocketConnectOptions> handshake) {
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            WebSocketConnectOptions options = options(base, query);
            handshake.accept(options);
            WebSocket socket = client.connect(options).toCompletionStage().toCompletableFuture()
                    .get(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            socket.close();
            throw new AssertionError("the upgrade was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return new Refused(rejected.getStatus(), new JsonObject(rejected.getBody()));
            }
            throw new AssertionError("connection failed without an HTTP answer", e);
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        } finally {
            client.close();
        }
    }

    /** Connects, expecting the upgrade to succeed; the caller closes the socket and the client. */
    static WebSocket accepted(WebSocketClient client, URI base, String query, Consumer<WebSocketConnectOptions> handshake)
            throws Exception {
        WebSocketConnectOptions options = options(base, query);
        handshake.accept(options);
        return client.connect(options).toCompletionStage().toCompletableFuture()
                .get(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
