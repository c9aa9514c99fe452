package dev.hibiki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.WebSocketClient;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The automatic tour ({@code --demo}): one step per protocol feature, each checked against the
 * answer the protocol promises. Exit 0 when all pass, otherwise the failing step is named.
 * Usable as a smoke test against any deployment.
 */
final class Demo implements Wire.Listener {

    /** A step failed: what was expected and what came instead. */
    private static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    private interface Body {
        String run() throws StepFailed, ClientFailure;
    }

    private record Step(String name, Body body) {
    }

    private final WebSocketClient client;
    private final Target target;
    private final ClientOptions options;
    private final Printer printer;
    private final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 16);
    private final String room = "demo-" + tag;
    private final String doc = "demo-" + tag;
    private Wire wire;

    Demo(WebSocketClient client, Target target, ClientOptions options, Printer printer) {
        this.client = client;
        this.target = target;
        this.options = options;
        this.printer = printer;
    }

    int run() {
        List<Step> steps = List.of(
                new Step("connect", this::connect),
                new Step("echo", this::echo),
                new Step("broadcast", this::broadcast),
                new Step("join a room", this::join),
                new Step("publish to the room", this::publish),
                new Step("ping 1", this::ping),
                new Step("ping 2", this::ping),
                new Step("ping 3", this::ping),
                new Step("status", this::status),
                new Step("shared text edit", this::textEdit),
                new Step("leave the room", this::leave),
                new Step("disconnect", this::disconnect));
        printer.plain(printer.bold("Hibiki demo against " + target.url()));
        try {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                String label = String.format("[%2d/%d] %-20s", i + 1, steps.size(), step.name);
                try {
                    String detail = step.body.run();
                    printer.plain(label + " " + printer.green("ok") + "  " + detail);
                } catch (StepFailed failed) {
                    printer.plain(label + " " + printer.red("FAIL") + "  " + failed.getMessage());
                    printer.plain(printer.red("demo failed at step " + (i + 1) + " (" + step.name + ")"));
                    return ExitCode.STEP_FAILED;
                } catch (ClientFailure failure) {
                    printer.plain(label + " " + printer.red("FAIL") + "  " + failure.getMessage());
                    printer.plain(printer.red("demo failed at step " + (i + 1) + " (" + step.name + ")"));
                    return failure.exitCode();
                }
            }
            printer.plain(printer.green("demo passed: all " + steps.size() + " steps got their expected answers"));
            return ExitCode.OK;
        } finally {
            if (wire != null) {
                wire.close();
            }
        }
    }

    @Override
    public void frame(Wire from, JsonNode frame, String raw) {
        // The tour prints its own step lines; with --json the frames are shown too.
        if (printer.json()) {
            printer.line("  " + raw);
        }
    }

    @Override
    public void closed(Wire from, Wire.Close close) {
        // Steps waiting for an answer fail with the close reason; nothing else to do.
    }

    private String connect() throws ClientFailure {
        wire = Wire.open(client, target, this, options.timeout());
        JsonNode w = wire.welcome();
        return "welcome: you are " + w.path("name").asText() + " (" + w.path("id").asText() + "), "
                + w.path("connections").asText() + " connected, version " + w.path("version").asText();
    }

    private String echo() throws StepFailed, ClientFailure {
        String text = "hello from the demo " + tag;
        JsonNode f = ask(Wire.frame("echo").put("text", text), null, "echo");
        expect(text.equals(f.path("text").asText()), "echo came back as " + f.path("text"));
        expect(f.path("count").asInt() >= 1, "echo count should be at least 1, got " + f.path("count"));
        return "\"" + text + "\" came back (frame #" + f.path("count").asText() + ")";
    }

    private String broadcast() throws StepFailed, ClientFailure {
        String text = "demo broadcast " + tag;
        String me = wire.myId();
        JsonNode f = ask(Wire.frame("broadcast").put("text", text),
                m -> "broadcast".equals(m.path("type").asText()) && me.equals(m.path("from").path("id").asText()), "broadcast");
        expect(text.equals(f.path("text").asText()), "own broadcast came back as " + f.path("text"));
        return "everyone got \"" + text + "\" (including us)";
    }

    private String join() throws StepFailed, ClientFailure {
        JsonNode f = ask(Wire.frame("join").put("room", room), null, "joined");
        expect(room.equals(f.path("room").asText()), "joined the wrong room " + f.path("room"));
        expect(f.path("members").asInt() >= 1, "a room we joined should have a member, got " + f.path("members"));
        return "joined " + room + " (" + f.path("members").asText() + " members)";
    }

    private String publish() throws StepFailed, ClientFailure {
        String text = "hello room " + tag;
        String me = wire.myId();
        JsonNode f = ask(Wire.frame("publish").put("room", room).put("text", text),
                m -> "message".equals(m.path("type").asText()) && room.equals(m.path("room").asText())
                        && me.equals(m.path("from").path("id").asText()), "message");
        expect(text.equals(f.path("text").asText()), "room message came back as " + f.path("text"));
        expect(f.path("seq").asLong() >= 1, "room message should carry seq >= 1, got " + f.path("seq"));
        return "message #" + f.path("seq").asText() + " delivered to the room";
    }

    private String ping() throws StepFailed, ClientFailure {
        long t = System.currentTimeMillis();
        ObjectNode frame = Wire.frame("ping").put("t", t);
        Wire.Answer answer = answer(frame, null);
        expect("pong".equals(answer.type()), unexpected("pong", answer.frame()));
        expect(answer.frame().path("t").asLong() == t, "pong should echo t=" + t + ", got " + answer.frame().path("t"));
        return String.format("pong in %.2f ms", answer.millis());
    }

    private String status() throws StepFailed, ClientFailure {
        JsonNode f = ask(Wire.frame("status"), null, "status");
        expect(f.path("connections").asInt() >= 1, "status should count our connection, got " + f.path("connections"));
        return f.path("connections").asText() + " connections, " + f.path("rooms").asText() + " rooms, up "
                + Printer.uptime(f.path("uptime")) + ", node " + f.path("node").asText();
    }

    private String textEdit() throws StepFailed, ClientFailure {
        String text = "こんにちは、Hibiki ✓ " + tag;
        JsonNode ack = ask(Wire.frame("text_set").put("doc", doc).put("text", text), null, "text_ack");
        expect(ack.path("rev").canConvertToLong(), "text_ack should carry rev, got " + ack);
        JsonNode got = ask(Wire.frame("text_get").put("doc", doc),
                m -> "text".equals(m.path("type").asText()) && doc.equals(m.path("doc").asText()), "text");
        expect(text.equals(got.path("text").asText()), "doc " + doc + " reads back as " + got.path("text"));
        return "doc " + doc + " set to \"" + text + "\" (rev " + ack.path("rev").asText() + ") and read back";
    }

    private String leave() throws StepFailed, ClientFailure {
        JsonNode f = ask(Wire.frame("leave").put("room", room), null, "left");
        expect(room.equals(f.path("room").asText()), "left the wrong room " + f.path("room"));
        return "left " + room;
    }

    private String disconnect() throws StepFailed {
        wire.send(Wire.frame("disconnect"));
        Wire.Close close;
        try {
            close = wire.closed().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StepFailed("the server did not close the connection within " + options.timeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new StepFailed(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
        }
        expect(close.code() == 1000, "expected close code 1000, got " + close.describe());
        return "the server closed the connection (" + close.describe() + ")";
    }

    /** Sends a frame and returns its answer, which must be of {@code type}. */
    private JsonNode ask(ObjectNode frame, Predicate<JsonNode> alsoAnswers, String type) throws StepFailed, ClientFailure {
        Wire.Answer answer = answer(frame, alsoAnswers);
        expect(type.equals(answer.type()), unexpected(type, answer.frame()));
        return answer.frame();
    }

    private Wire.Answer answer(ObjectNode frame, Predicate<JsonNode> alsoAnswers) throws StepFailed, ClientFailure {
        String type = frame.path("type").asText();
        Wire.Answer answer = wire.ask(frame, alsoAnswers, options.timeout());
        if (answer == null) {
            throw new StepFailed("no answer to " + type + " within " + options.timeout().toSeconds() + " s");
        }
        return answer;
    }

    private static String unexpected(String type, JsonNode got) {
        if ("error".equals(got.path("type").asText())) {
            return "expected " + type + ", the server answered error " + got.path("code").asText() + ": " + got.path("message").asText();
        }
        return "expected " + type + ", got " + got;
    }

    private static void expect(boolean condition, String otherwise) throws StepFailed {
        if (!condition) {
            throw new StepFailed(otherwise);
        }
    }
}
