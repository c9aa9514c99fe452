package dev.hibiki.ws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.hibiki.hub.Outlet;
import dev.hibiki.hub.Peer;
import dev.hibiki.hub.WireFrame;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;

/** A native {@code /ws} connection as a hub peer: the fast outlet, or websockets-next's own sends. */
final class WsPeer implements Peer {

    private static final Buffer PING = Buffer.buffer("hb");

    private final WebSocketConnection connection;
    private final Outlet outlet;

    WsPeer(WebSocketConnection connection) {
        this.connection = connection;
        this.outlet = Outlet.of(connection);
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public Outlet outlet() {
        return outlet;
    }

    @Override
    public void send(WireFrame frame, Runnable taken) {
        connection.sendText(frame.text()).subscribe().with(done -> taken.run(), failure -> taken.run());
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        connection.close(new CloseReason(code, reason)).subscribe().with(closed::complete, closed::completeExceptionally);
        return closed;
    }

    @Override
    public void ping() {
        connection.sendPing(PING).subscribe().with(done -> {
        }, failure -> {
        });
    }

    @Override
    public void forgetHandshake() {
        Outlet.forgetHandshake(connection);
    }
}
