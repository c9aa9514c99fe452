package dev.hibiki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.WebSocketClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The interactive client: reads commands line by line (a terminal or a script on stdin), sends
 * them, waits for each answer so that scripted input stays in order, prints whatever arrives,
 * and reconnects with backoff when the connection drops, rejoining its rooms.
 */
final class Interactive implements Wire.Listener {

    /** What the command loop reacts to: a typed line, the end of input, or the end of the session. */
    private sealed interface Event permits Line, EndOfInput, Finished {
    }

    private record Line(String text) implements Event {
    }

    private record EndOfInput() implements Event {
    }

    private record Finished(int exitCode, String message) implements Event {
    }

    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 10_000;

    private final WebSocketClient client;
    private final Target target;
    private final ClientOptions options;
    private final Printer printer;
    private final InputStream in;
    private final boolean prompt;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Rooms we are in, with the last message sequence seen in each (for {@code since} on rejoin). */
    private final Map<String, Long> rooms = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hibiki-client-reconnect");
        t.setDaemon(true);
        return t;
    });
    private volatile Wire wire;
    private volatile boolean disconnectAsked;
    private String doc = "main";

    Interactive(WebSocketClient client, Target target, ClientOptions options, Printer printer, InputStream in, boolean prompt) {
        this.client = client;
        this.target = target;
        this.options = options;
        this.printer = printer;
        this.in = in;
        this.prompt = prompt;
    }

    int run() throws ClientFailure {
        wire = Wire.open(client, target, this, options.timeout());
        if (!printer.json()) {
            printer.note("connected to " + target.url() + "; type help for commands, quit to leave");
        }
        startReader();
        try {
            while (true) {
                if (prompt) {
                    printer.prompt("hibiki> ");
                }
                Event event = events.take();
                if (event instanceof Finished finished) {
                    if (finished.message != null) {
                        printer.note(finished.message);
                    }
                    return finished.exitCode;
                }
                if (event instanceof EndOfInput) {
                    return quit();
                }
                Integer exit = handle(((Line) event).text);
                if (exit != null) {
                    return exit;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.CONNECTION_CLOSED;
        } finally {
            reconnector.shutdownNow();
            Wire w = wire;
            if (w != null) {
                w.close();
            }
        }
    }

    private void startReader() {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    events.add(new Line(line));
                }
            } catch (IOException e) {
                // treated as the end of input
            }
            events.add(new EndOfInput());
        }, "hibiki-client-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    /** Handles one line; returns an exit code when the session ends. */
    private Integer handle(String line) {
        Wire current = wire;
        Commands.Parsed parsed = Commands.parse(line, current == null ? null : current.myId(), doc);
        if (parsed instanceof Commands.Nothing) {
            return null;
        }
        if (parsed instanceof Commands.Hint hint) {
            printer.error(hint.text());
            return null;
        }
        if (parsed instanceof Commands.Help) {
            printer.plain(Commands.help());
            return null;
        }
        if (parsed instanceof Commands.Quit) {
            return quit();
        }
        if (parsed instanceof Commands.UseDoc use) {
            doc = use.doc();
            printer.note("text commands now use doc " + doc);
            return null;
        }
        Commands.Send send = (Commands.Send) parsed;
        if (current == null || !current.isOpen()) {
            printer.error("not connected (reconnecting); try again in a moment");
            return null;
        }
        String type = send.frame().path("type").asText();
        if (type.equals("disconnect")) {
            disconnectAsked = true;
        }
        if (!send.await()) {
            current.send(send.frame());
            return null;
        }
        Wire.Answer answer;
        try {
            answer = current.ask(send.frame(), send.answer(), options.timeout());
        } catch (ClientFailure lost) {
            // The close handler is already reconnecting (or ending the session); just say why.
            printer.note(type + " got no answer: " + lost.getMessage());
            return null;
        }
        if (answer == null) {
            printer.note("no answer to " + type + " within " + options.timeout().toSeconds() + " s");
        } else if (answer.type().equals("pong")) {
            printer.note(String.format("round trip %.2f ms", answer.millis()));
        }
        return null;
    }

    private int quit() {
        Wire w = wire;
        wire = null;
        if (w != null) {
            w.close();
        }
        return ExitCode.OK;
    }

    @Override
    public void frame(Wire from, JsonNode f, String raw) {
        printer.frame(f, raw);
        String type = f.path("type").asText();
        String room = f.path("room").asText(null);
        switch (type) {
            case "joined" -> rooms.putIfAbsent(room, 0L);
            case "left", "room_closed" -> rooms.remove(room);
            case "message" -> {
                if (room != null && f.path("seq").canConvertToLong()) {
                    rooms.computeIfPresent(room, (r, seen) -> Math.max(seen, f.get("seq").asLong()));
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void closed(Wire from, Wire.Close close) {
        if (from != wire || close.byUs()) {
            return;
        }
        if (disconnectAsked) {
            events.add(new Finished(ExitCode.OK, "the server closed the connection (" + close.describe() + ")"));
            return;
        }
        printer.note("connection closed by the server (" + close.describe() + ")");
        if (options.retries() == 0) {
            events.add(new Finished(ExitCode.CONNECTION_CLOSED, "not reconnecting (--no-reconnect)"));
            return;
        }
        reconnector.execute(() -> reconnect(1));
    }

    private void reconnect(int attempt) {
        long delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt - 1, 20));
        // Jitter keeps many clients that lost the same server from coming back in lock step.
        delay = (long) (delay * ThreadLocalRandom.current().nextDouble(0.75, 1.25));
        printer.note("reconnecting in " + delay + " ms (attempt " + attempt + " of " + options.retries() + ")");
        reconnector.schedule(() -> {
            try {
                Wire fresh = Wire.open(client, target, this, options.timeout());
                wire = fresh;
                printer.note("reconnected" + (rooms.isEmpty() ? "" : "; rejoining " + String.join(", ", rooms.keySet())));
                for (Map.Entry<String, Long> room : rooms.entrySet()) {
                    // since = the last seq seen (0 when none): the server replays what came after.
                    ObjectNode join = Wire.frame("join").put("room", room.getKey()).put("since", room.getValue());
                    fresh.request(join, null);
                }
            } catch (ClientFailure failure) {
                printer.note(failure.getMessage());
                if (attempt >= options.retries()) {
                    events.add(new Finished(ExitCode.CONNECTION_CLOSED, "giving up after " + attempt + " attempts"));
                } else {
                    reconnect(attempt + 1);
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
    }
}
