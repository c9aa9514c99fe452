package dev.hibiki.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.hibiki.edge.PeerErrors.Cause;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.VertxHandler;

/**
 * One per HTTP/1 connection, in the Netty pipeline just before Vert.x's own handler: it answers
 * what a peer gets wrong at the wire the way the RFCs ask, where Vert.x would only drop the
 * connection and log the peer's mistake as a server error.
 * <p>
 * Vert.x builds its WebSocket decoder with {@code closeOnProtocolViolation(false)}: Netty's
 * decoder detects every RFC 6455 violation (unmasked frame, reserved opcode, oversized or
 * fragmented control frame, stray continuation, bad close payload, frame over the ceiling) but
 * only throws, and Vert.x then closes the socket with no close frame (a websockets-next
 * "Unhandled error" at ERROR with a stack trace). Letting Netty write the close frame itself would
 * not work either: the decoder sits before the frame encoder, so its close frame would never be
 * encoded. This handler sits after both: it turns the decoder's exception into the close frame
 * the RFC names (1002, 1007, 1009) and closes the connection. It adds the checks Netty leaves out:
 * close codes outside the ranges RFC 6455 allows (Netty lets 5000-65535 through), RSV bits
 * without a negotiated extension (Vert.x allows extensions whenever compression is configurable),
 * UTF-8 in text frames (Netty's {@link Utf8FrameValidator}, added at the upgrade) and the size
 * of a fragmented message (1009, where Vert.x would fail it as a server error). A reset
 * connection is counted and closed quietly. Before the upgrade it answers a request body whose
 * chunked framing is broken with a 400 (Vert.x drops the connection without an answer).
 * <p>
 * On the normal path it costs a few type checks per message; the hub's fast writes (Outlet) go
 * below the frame encoder and never pass here.
 */
final class WireGuard extends ChannelDuplexHandler {

    static final String NAME = "hibiki-wire-guard";
    private static final String UTF8_VALIDATOR = "hibiki-utf8-validator";
    /** RFC 6455 5.5: a close reason fits a control frame with the 2-byte code (125 bytes). */
    private static final int MAX_REASON = 123;

    private final PeerErrors errors;
    /** quarkus.websockets-next.server.max-message-size, or 0 to leave fragmented messages to Vert.x. */
    private final int maxMessageBytes;
    /** Bytes of the fragmented message being received so far. */
    private long messageBytes;
    /** Run once when the 101 of an upgrade goes out (see {@link InFlightRequests}). */
    private Runnable onUpgraded;
    private boolean webSocket;
    /** An HTTP response has begun and not ended: a 400 can no longer be written. */
    private boolean responding;
    /** This connection has been answered and is closing: what still arrives is dropped. */
    private boolean failed;

    private WireGuard(PeerErrors errors, int maxMessageBytes) {
        this.errors = errors;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Puts a guard on this channel unless it has one, before Vert.x's handler; on the event loop.
     * Returns the channel's guard, or null where the pipeline is not the expected HTTP/1 one.
     */
    static WireGuard on(Channel channel, PeerErrors errors, int maxMessageBytes) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NAME) instanceof WireGuard guard) {
            return guard;
        }
        ChannelHandlerContext vertx = pipeline.context(VertxHandler.class);
        if (vertx == null) {
            return null;
        }
        WireGuard guard = new WireGuard(errors, maxMessageBytes);
        pipeline.addBefore(vertx.name(), NAME, guard);
        return guard;
    }

    /** The request being handled is a WebSocket upgrade: {@code action} runs when its 101 is written. */
    void onUpgraded(Runnable action) {
        this.onUpgraded = action;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof WebSocketFrame frame) {
            if (frame.rsv() != 0 && ctx.pipeline().get(WebSocketExtensionDecoder.class) == null) {
                frame.release();
                fail(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "RSV bits set without a negotiated extension");
                return;
            }
            if (maxMessageBytes > 0 && !isControl(frame) && overflows(frame)) {
                frame.release();
                fail(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message over " + maxMessageBytes + " bytes");
                return;
            }
            if (frame instanceof CloseWebSocketFrame close && close.content().readableBytes() >= 2) {
                int code = close.content().getUnsignedShort(close.content().readerIndex());
                if (!validCloseCode(code)) {
                    frame.release();
                    fail(ctx, WebSocketCloseStatus.PROTOCOL_ERROR, "invalid close code " + code);
                    return;
                }
            }
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            content.release();
            badRequest(ctx, "malformed request body framing: " + content.decoderResult().cause().getMessage());
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Vert.x checks the size of a fragmented message too, but fails it as an application error
     * (websockets-next then closes with 1011 and logs an ERROR); checked here first, it gets 1009.
     */
    private boolean overflows(WebSocketFrame frame) {
        boolean first = !(frame instanceof ContinuationWebSocketFrame);
        if (first && frame.isFinalFragment()) {
            messageBytes = 0;
            return false; // one frame: bounded by the decoder's frame ceiling
        }
        messageBytes = (first ? 0 : messageBytes) + frame.content().readableBytes();
        boolean over = messageBytes > maxMessageBytes;
        if (frame.isFinalFragment()) {
            messageBytes = 0;
        }
        return over;
    }

    private static boolean isControl(WebSocketFrame frame) {
        return frame instanceof CloseWebSocketFrame || frame instanceof PingWebSocketFrame
                || frame instanceof PongWebSocketFrame;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!webSocket) {
            if (msg instanceof HttpResponse response) {
                responding = !(msg instanceof LastHttpContent);
                if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                    upgraded(ctx);
                } else {
                    onUpgraded = null;
                }
            } else if (msg instanceof LastHttpContent) {
                responding = false;
            }
        }
        ctx.write(msg, promise);
    }

    private void upgraded(ChannelHandlerContext ctx) {
        webSocket = true;
        // The handshaker has put the frame decoder in place already; frames decoded from now on
        // pass the validator (it checks text across fragments, and throws 1007 at the first bad byte).
        if (ctx.pipeline().get(UTF8_VALIDATOR) == null) {
            ctx.pipeline().addBefore(ctx.name(), UTF8_VALIDATOR, new Utf8FrameValidator(false));
        }
        Runnable action = onUpgraded;
        onUpgraded = null;
        if (action != null) {
            action.run();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            fail(ctx, corrupt.closeStatus(), corrupt.getMessage());
        } else if (cause instanceof IOException) {
            // Connection reset, broken pipe: the peer is gone, nothing to answer.
            if (!failed) {
                failed = true;
                errors.report(Cause.RESET, ctx.channel().remoteAddress(), cause.getMessage());
            }
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    /** Fails the WebSocket connection (RFC 6455 7.1.7): a close frame with the code, then the TCP close. */
    private void fail(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        if (failed) {
            return;
        }
        failed = true;
        int code = status.code();
        Cause cause = code == WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code() ? Cause.INVALID_PAYLOAD
                : code == WebSocketCloseStatus.MESSAGE_TOO_BIG.code() ? Cause.MESSAGE_TOO_BIG : Cause.PROTOCOL_ERROR;
        String text = reason == null ? status.reasonText() : reason;
        errors.report(cause, ctx.channel().remoteAddress(), "WebSocket closed with " + code + ": " + text);
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(code, truncate(text))).addListener(closeBelowVertx(ctx));
        } else {
            ctx.close();
        }
    }

    /** A 400 with the JSON error body (when no response has begun), then the close RFC 9112 asks for. */
    private void badRequest(ChannelHandlerContext ctx, String message) {
        failed = true;
        errors.report(Cause.BAD_HTTP_FRAMING, ctx.channel().remoteAddress(), "400: " + message);
        if (responding || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        ByteBuf body = Unpooled.copiedBuffer(EdgeGate.errorBody(message), StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(closeBelowVertx(ctx));
    }

    /**
     * Closes from this handler down, not from the pipeline's tail: a close passing Vert.x's handler
     * becomes Vert.x's own WebSocket close, which would add a second close frame (1000).
     */
    private static ChannelFutureListener closeBelowVertx(ChannelHandlerContext ctx) {
        return written -> ctx.close();
    }

    /**
     * RFC 6455 7.4: 1000-1003 and 1007-1011 are defined, 1012-1014 registered since (restart,
     * try again later, bad gateway), 3000-4999 for libraries and applications. 1004-1006 and 1015
     * must never be sent; the rest is reserved.
     */
    static boolean validCloseCode(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    private static String truncate(String reason) {
        // Netty's messages are ASCII: one byte per character.
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }
}
