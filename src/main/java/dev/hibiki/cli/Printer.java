package dev.hibiki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns frames into one readable line each: local time, type, sender, content. Colours only
 * when writing to a terminal; {@code --json} prints the frames exactly as received.
 */
public final class Printer {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String BLUE = "\u001b[34m";
    private static final String MAGENTA = "\u001b[35m";
    private static final String CYAN = "\u001b[36m";

    private final PrintStream out;
    private final boolean colour;
    private final boolean json;

    public Printer(PrintStream out, boolean colour, boolean json) {
        this.out = out;
        this.colour = colour;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    /** A frame from the server. */
    public void frame(JsonNode f, String raw) {
        if (json) {
            line(raw);
            return;
        }
        String type = f.path("type").asText("?");
        line(paint(DIM, LocalTime.now().format(CLOCK)) + "  " + paint(colourOf(type), pad(type)) + "  " + describe(f));
    }

    /** A note from the client itself (connection state, hints). Goes to the same stream, marked. */
    public void note(String text) {
        line(json ? "# " + text : paint(DIM, LocalTime.now().format(CLOCK)) + "  " + paint(YELLOW, "*") + " " + text);
    }

    public void error(String text) {
        line(json ? "# " + text : paint(RED, text));
    }

    public void plain(String text) {
        line(text);
    }

    public synchronized void prompt(String text) {
        out.print(bold(text));
        out.flush();
    }

    public synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    public String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }

    public String bold(String text) {
        return paint(BOLD, text);
    }

    public String green(String text) {
        return paint(GREEN, text);
    }

    public String red(String text) {
        return paint(RED, text);
    }

    private static String pad(String type) {
        return type.length() >= 12 ? type : type + " ".repeat(12 - type.length());
    }

    private static String colourOf(String type) {
        return switch (type) {
            case "error", "missed" -> RED;
            case "broadcast", "message", "notification" -> GREEN;
            case "echo", "pong" -> CYAN;
            case "welcome", "joined", "left", "room_closed", "rooms" -> BLUE;
            case "text", "text_op", "text_ack" -> MAGENTA;
            default -> DIM;
        };
    }

    static String who(JsonNode who) {
        if (who == null || who.isMissingNode() || who.isNull()) {
            return "?";
        }
        return who.path("name").asText("?") + " (" + who.path("id").asText("?") + ")";
    }

    /** The changes of a presence batch: "joined a (1), b (2); left c (3); 4 more". */
    static String batch(JsonNode f) {
        List<String> parts = new ArrayList<>();
        if (f.path("joined").size() > 0) {
            parts.add("joined " + whoList(f.path("joined")));
        }
        if (f.path("left").size() > 0) {
            parts.add("left " + whoList(f.path("left")));
        }
        if (f.path("omitted").asInt() > 0) {
            parts.add(f.path("omitted").asInt() + " more");
        }
        return String.join("; ", parts);
    }

    private static String whoList(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(who -> names.add(who(who)));
        return String.join(", ", names);
    }

    /** The content part of a line, per type; unknown types fall back to their JSON. */
    static String describe(JsonNode f) {
        String type = f.path("type").asText();
        return switch (type) {
            case "welcome" -> "you are " + f.path("name").asText() + " (" + f.path("id").asText() + "), "
                    + f.path("connections").asText() + " connected, node " + f.path("node").asText() + ", version " + f.path("version").asText();
            case "count" -> f.path("connections").asText() + " connected";
            case "presence" -> who(f.get("who")) + " " + f.path("event").asText() + "ed";
            case "presence_batch" -> batch(f);
            case "echo" -> quote(f.path("text")) + " (frame #" + f.path("count").asText() + " from you)";
            case "broadcast" -> "from " + who(f.get("from")) + ": " + content(f);
            case "joined" -> f.path("room").asText() + " (" + f.path("members").asText() + " members)"
                    + (!f.has("recovered") ? "" : f.path("recovered").asBoolean() ? ", missed messages follow"
                            : ", some missed messages are no longer kept");
            case "left" -> f.path("room").asText();
            case "room_presence" -> f.path("room").asText() + ": " + who(f.get("who")) + " " + f.path("event").asText()
                    + "ed (" + f.path("members").asText() + " members)";
            case "room_presence_batch" -> f.path("room").asText() + ": " + batch(f) + " (" + f.path("members").asText()
                    + " members)";
            case "message" -> "[" + f.path("room").asText() + "] #" + f.path("seq").asText() + " from " + who(f.get("from")) + ": " + content(f);
            case "room_closed" -> f.path("room").asText() + " was closed";
            case "rooms" -> rooms(f.path("rooms"));
            case "pong" -> "t=" + f.path("t").asText();
            case "status" -> f.path("connections").asText() + " connections, " + f.path("rooms").asText() + " rooms, up "
                    + uptime(f.path("uptime")) + ", node " + f.path("node").asText() + ", version " + f.path("version").asText();
            case "notification" -> "from " + who(f.get("from")) + ": " + f.path("title").asText()
                    + (f.hasNonNull("body") ? " | " + f.get("body").asText() : "");
            case "tick" -> "#" + f.path("count").asText();
            case "missed" -> f.path("frames").asText() + (f.path("scope").asText().equals("hub") ? " hub-wide" : "")
                    + " frames lost between nodes; they will not come (status to refresh)";
            case "text" -> "doc " + f.path("doc").asText() + " rev " + f.path("rev").asText() + ": " + quote(f.path("text"));
            case "text_ack" -> "doc " + f.path("doc").asText() + " now at rev " + f.path("rev").asText();
            case "text_op" -> "doc " + f.path("doc").asText() + " rev " + f.path("rev").asText() + " by " + who(f.get("from"))
                    + ": " + f.path("op");
            case "error" -> f.path("code").asText() + ": " + f.path("message").asText();
            default -> f.toString();
        };
    }

    /** Uptime in seconds as a number (protocol v1); anything else is shown as sent. */
    static String uptime(JsonNode uptime) {
        return uptime.isNumber() ? uptime.asLong() + " s" : uptime.asText();
    }

    private static String content(JsonNode f) {
        StringBuilder s = new StringBuilder();
        if (f.hasNonNull("text")) {
            s.append(f.get("text").asText());
        }
        if (f.has("data")) {
            s.append(s.length() > 0 ? " " : "").append("data=").append(f.get("data"));
        }
        return s.toString();
    }

    private static String quote(JsonNode text) {
        return "\"" + text.asText() + "\"";
    }

    private static String rooms(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            return "you are in no room";
        }
        StringBuilder s = new StringBuilder();
        for (JsonNode r : list) {
            s.append(s.length() > 0 ? ", " : "").append(r.path("room").asText()).append(" (").append(r.path("members").asText()).append(")");
        }
        return s.toString();
    }
}
