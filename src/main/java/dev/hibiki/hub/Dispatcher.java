package dev.hibiki.hub;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;


import io.quarkus.arc.ClientProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Turns one inbound text frame into a command call, and every way that can go wrong into a
 * defined `error` frame. Nothing a client sends can affect another client's session: every
 * failure is caught here and answered to the sender alone.
 */
@ApplicationScoped
public class Dispatcher {

    /** Close code after a frame over the size limit (RFC 6455: message too big). */
    public static final int CLOSE_TOO_LARGE = 1009;
    /** Close code for sustained flooding (RFC 6455: policy violation). */
    public static final int CLOSE_POLICY = 1008;

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Map<String, Command<?>> commands = new HashMap<>();
    private final ObjectMapper mapper;
    private final HubStats stats;
    private final HubConfig.Limits limits;
    // metrics (issue 7): frames in by type, replies and errors by code for /q/metrics.
    private final DispatchMeter metrics;

    Dispatcher(Instance<Command<?>> all, Json json, HubStats stats, HubConfig config, DispatchMeter metrics) {
        for (Command<?> proxied : all) {
            // Called for every frame: the instance itself, without the client proxy's scope check per call.
            Command<?> command = ClientProxy.unwrap(proxied);
            Command<?> previous = commands.put(command.type(), command);
            if (previous != null) {
                throw new IllegalStateException("two commands for type " + command.type());
            }
        }
        this.mapper = json.mapper();
        this.stats = stats;
        this.limits = config.limits();
        this.metrics = ClientProxy.unwrap(metrics);
    }

    public void dispatch(Client client, String raw) {
        if (!admit(client, raw)) {
            return;
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(raw);
        } catch (JacksonException e) {
            fail(client, ErrorCode.BAD_JSON, "frame is not valid JSON", null);
            return;
        }
        if (tree == null || tree.isMissingNode()) {
            fail(client, ErrorCode.BAD_JSON, "frame is empty", null);
            return;
        }
        dispatch(client, tree);
    }

    /**
     * Counts one inbound message of another protocol's door (a Socket.IO event) and checks it
     * against the size and rate limits, answering and closing as for a frame; false when refused.
     * {@link #dispatch(Client, String)} does this itself.
     */
    public boolean admit(Client client, String raw) {
        stats.frameIn();
        client.countFrame();
        if (tooLarge(raw)) {
            fail(client, ErrorCode.TOO_LARGE, "frame larger than " + limits.maxMessageBytes() + " bytes", null);
            client.close(CLOSE_TOO_LARGE, "message too large");
            return false;
        }
        if (!client.rateLimiter().tryAcquire()) {
            if (client.rateLimiter().refusedInARow() > limits.rateBurst()) {
                stats.rateLimitClosed();
                client.close(CLOSE_POLICY, "rate limit exceeded");
            } else {
                fail(client, ErrorCode.RATE_LIMITED,
                        "more than " + limits.ratePerSecond() + " frames per second", null);
            }
            return false;
        }
        return true;
    }

    /**
     * Runs a frame that is already a tree and already {@linkplain #admit admitted} (another door
     * translated it into a native frame): every failure is answered like a frame's.
     */
    public void dispatch(Client client, JsonNode tree) {
        if (!tree.isObject()) {
            fail(client, ErrorCode.BAD_MESSAGE, "frame must be a JSON object", null);
            return;
        }
        JsonNode id = tree.get("id");
        if (id != null && !(id.isTextual() || id.isNumber())) {
            fail(client, ErrorCode.BAD_MESSAGE, "id must be a string or a number", null);
            return;
        }
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            fail(client, ErrorCode.BAD_MESSAGE, "type must be a string", id);
            return;
        }
        Command<?> command = commands.get(type.textValue());
        if (command == null) {
            fail(client, ErrorCode.UNKNOWN_TYPE, "unknown type: " + abbreviate(type.textValue()), id);
            return;
        }
        run(command, client, tree, id);
    }

    private <F> void run(Command<F> command, Client client, JsonNode tree, JsonNode id) {
        metrics.received(command.type()); // metrics (issue 7)
        try {
            F frame = command.frame() == JsonNode.class
                    ? command.frame().cast(tree)
                    : mapper.treeToValue(tree, command.frame());
            if (command instanceof AsyncCommand<F> async) {
                async.handleAsync(client, frame).whenComplete((reply, failure) -> {
                    if (failure == null) {
                        reply(client, reply, id);
                    } else {
                        failed(command, client, failure instanceof java.util.concurrent.CompletionException
                                && failure.getCause() != null ? failure.getCause() : failure, id);
                    }
                });
                return;
            }
            reply(client, command.handle(client, frame), id);
        } catch (MismatchedInputException e) {
            fail(client, ErrorCode.BAD_MESSAGE, describe(e), id);
        } catch (JacksonException e) {
            fail(client, ErrorCode.BAD_MESSAGE, "frame does not fit " + command.type(), id);
        } catch (HubException e) {
            fail(client, e.code(), e.getMessage(), id);
        } catch (RuntimeException e) {
            LOG.errorf(e, "command %s failed for %s", command.type(), client);
            fail(client, ErrorCode.INTERNAL, "internal error", id);
        }
    }

    private void reply(Client client, Outbound reply, JsonNode id) {
        if (reply != null) {
            client.reply(reply, id);
            metrics.sent(reply, 1); // metrics (issue 7)
        }
    }

    /** An asynchronous command's failure, answered like a synchronous one's. */
    private void failed(Command<?> command, Client client, Throwable failure, JsonNode id) {
        if (failure instanceof HubException e) {
            fail(client, e.code(), e.getMessage(), id);
        } else {
            LOG.errorf(failure, "command %s failed for %s", command.type(), client);
            fail(client, ErrorCode.INTERNAL, "internal error", id);
        }
    }

    private void fail(Client client, ErrorCode code, String message, JsonNode re) {
        Frames.Error error = Frames.Error.of(code, message);
        client.reply(error, re);
        metrics.error(code); // metrics (issue 7)
        metrics.sent(error, 1);
    }

    private boolean tooLarge(String raw) {
        int max = limits.maxMessageBytes();
        // Counting UTF-8 bytes is only needed when the characters alone do not decide it.
        if (raw.length() > max) {
            return true;
        }
        return (long) raw.length() * 3 > max && raw.getBytes(StandardCharsets.UTF_8).length > max;
    }

    private static String describe(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .reduce((a, b) -> a + "." + b)
                .orElse(null);
        return path == null ? "frame has an ill-typed field" : "field " + path + " has the wrong type";
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
