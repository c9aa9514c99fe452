package dev.hibiki.ws;

import dev.hibiki.hub.Dispatcher;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.Hub;
import io.quarkus.arc.ClientProxy;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * The WebSocket door, a thin adapter onto the hub. Everything runs on the connection's event
 * loop: nothing here or in the commands blocks.
 */
@WebSocket(path = "/ws")
public class HubSocket {

    private final Hub hub;
    private final Dispatcher dispatcher;

    HubSocket(Hub hub, Dispatcher dispatcher) {
        // The application-scoped instances themselves, not their client proxies: every frame goes
        // through both, and the proxy's scope check per call was 2 % of an echo's CPU (docs/BENCHMARKS.md).
        this.hub = ClientProxy.unwrap(hub);
        this.dispatcher = ClientProxy.unwrap(dispatcher);
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        hub.open(new WsPeer(connection), UpgradeGate.admission(connection)).forgetHandshake();
    }

    @OnTextMessage
    @NonBlocking
    public void onText(String frame, WebSocketConnection connection) {
        hub.client(connection.id()).ifPresent(client -> {
            client.heard();
            dispatcher.dispatch(client, frame);
        });
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(Buffer frame, WebSocketConnection connection) {
        hub.client(connection.id()).ifPresent(client -> {
            client.heard();
            client.send(Frames.Error.of(ErrorCode.BAD_MESSAGE, "binary frames are not supported; send JSON text"));
        });
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(Buffer data, WebSocketConnection connection) {
        hub.client(connection.id()).ifPresent(client -> client.heard());
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        hub.client(connection.id()).ifPresent(hub::close);
    }

}
