package dev.hibiki.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The interactive commands: each typed line becomes a protocol frame (or a local action), or a
 * one-line usage hint when it cannot be understood.
 */
public final class Commands {

    /** What a typed line asks for. */
    public sealed interface Parsed permits Send, Hint, Help, Quit, UseDoc, Nothing {
    }

    /**
     * A frame to send. {@code answer} recognises the answer of messages without a direct reply
     * (a broadcast comes back as our own broadcast); {@code await} is false when nothing comes back.
     */
    public record Send(ObjectNode frame, Predicate<JsonNode> answer, boolean await) implements Parsed {
    }

    public record Hint(String text) implements Parsed {
    }

    public record Help() implements Parsed {
    }

    public record Quit() implements Parsed {
    }

    public record UseDoc(String doc) implements Parsed {
    }

    public record Nothing() implements Parsed {
    }

    /** Command name to its usage line; the help text is built from this table. */
    static final Map<String, String> USAGE = new LinkedHashMap<>();

    static {
        USAGE.put("echo", "echo TEXT                      the server echoes TEXT back to you");
        USAGE.put("broadcast", "broadcast [--others] TEXT|JSON  to everyone (--others: not to yourself); JSON goes as data");
        USAGE.put("join", "join ROOM                      join a room (quote names with spaces: \"my room\")");
        USAGE.put("leave", "leave ROOM                     leave a room");
        USAGE.put("publish", "publish ROOM TEXT|JSON         send to every member of ROOM");
        USAGE.put("close", "close ROOM                     close a room for all its members");
        USAGE.put("rooms", "rooms                          the rooms you are in");
        USAGE.put("status", "status                         server status");
        USAGE.put("ping", "ping                           measure the round-trip time");
        USAGE.put("text", "text [show [DOC]] | text set TEXT | text use DOC   shared text (default doc main)");
        USAGE.put("notify", "notify TITLE [| BODY]          a notification to everyone");
        USAGE.put("raw", "raw JSON                       send a frame as typed");
        USAGE.put("disconnect", "disconnect                     ask the server to close the connection, then exit");
        USAGE.put("quit", "quit                           close the connection and exit");
        USAGE.put("help", "help                           this list");
    }

    private static final Map<String, String> ALIASES = Map.of("bc", "broadcast", "pub", "publish", "exit", "quit", "?", "help",
            "close_room", "close");

    private Commands() {
    }

    public static String help() {
        StringBuilder s = new StringBuilder("commands:");
        USAGE.values().forEach(u -> s.append("\n  ").append(u));
        return s.toString();
    }

    private static Hint usage(String command) {
        return new Hint("usage: " + USAGE.get(command).replaceAll("\\s{2,}.*$", ""));
    }

    /** Parses one line; {@code me} is our connection id (to recognise our own broadcasts), {@code doc} the current document. */
    public static Parsed parse(String line, String me, String doc) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return new Nothing();
        }
        int space = trimmed.indexOf(' ');
        String word = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase();
        String rest = space < 0 ? "" : trimmed.substring(space + 1).strip();
        String command = ALIASES.getOrDefault(word, word);
        return switch (command) {
            case "help" -> new Help();
            case "quit" -> new Quit();
            case "echo" -> rest.isEmpty() ? usage(command)
                    : new Send(Wire.frame("echo").put("text", rest), null, true);
            case "broadcast" -> broadcast(rest, me);
            case "join", "leave", "close" -> {
                Split room = Split.of(rest);
                if (room == null || !room.rest.isEmpty()) {
                    yield usage(command);
                }
                String type = command.equals("close") ? "close_room" : command;
                yield new Send(Wire.frame(type).put("room", room.first), null, true);
            }
            case "publish" -> {
                Split room = Split.of(rest);
                if (room == null || room.rest.isEmpty()) {
                    yield usage(command);
                }
                ObjectNode frame = content(Wire.frame("publish").put("room", room.first), room.rest);
                yield new Send(frame, f -> "message".equals(f.path("type").asText()) && room.first.equals(f.path("room").asText())
                        && me != null && me.equals(f.path("from").path("id").asText()), true);
            }
            case "rooms", "status", "ping", "disconnect" -> {
                if (!rest.isEmpty()) {
                    yield usage(command);
                }
                ObjectNode frame = Wire.frame(command);
                if (command.equals("ping")) {
                    frame.put("t", System.currentTimeMillis());
                }
                yield new Send(frame, null, !command.equals("disconnect"));
            }
            case "text" -> text(rest, doc);
            case "notify" -> {
                if (rest.isEmpty() || rest.startsWith("|")) {
                    yield usage(command);
                }
                int bar = rest.indexOf('|');
                ObjectNode frame = Wire.frame("notify").put("title", (bar < 0 ? rest : rest.substring(0, bar)).strip());
                if (bar >= 0 && !rest.substring(bar + 1).isBlank()) {
                    frame.put("body", rest.substring(bar + 1).strip());
                }
                yield new Send(frame, f -> "notification".equals(f.path("type").asText()) && me != null
                        && me.equals(f.path("from").path("id").asText()), true);
            }
            case "raw" -> {
                try {
                    JsonNode node = Wire.JSON.readTree(rest);
                    if (node instanceof ObjectNode object) {
                        yield new Send(object, null, object.has("id"));
                    }
                } catch (JsonProcessingException e) {
                    // the hint below says what is expected
                }
                yield new Hint("usage: raw {\"type\": \"...\", ...}   (a JSON object)");
            }
            default -> new Hint("unknown command '" + word + "'; type help for the list");
        };
    }

    private static Parsed broadcast(String rest, String me) {
        boolean others = false;
        if (rest.startsWith("--others")) {
            others = true;
            rest = rest.substring("--others".length()).strip();
        }
        if (rest.isEmpty()) {
            return usage("broadcast");
        }
        ObjectNode frame = content(Wire.frame("broadcast"), rest);
        if (others) {
            frame.put("self", false);
            return new Send(frame, null, false);
        }
        return new Send(frame, f -> "broadcast".equals(f.path("type").asText()) && me != null
                && me.equals(f.path("from").path("id").asText()), true);
    }

    private static Parsed text(String rest, String doc) {
        Split args = Split.of(rest);
        String sub = args == null ? "show" : args.first;
        String arg = args == null ? "" : args.rest;
        return switch (sub) {
            case "show", "get" -> {
                Split d = Split.of(arg);
                String name = d == null ? doc : d.first;
                yield new Send(Wire.frame("text_get").put("doc", name), f -> "text".equals(f.path("type").asText())
                        && name.equals(f.path("doc").asText()), true);
            }
            case "set" -> arg.isEmpty() ? usage("text")
                    : new Send(Wire.frame("text_set").put("doc", doc).put("text", arg), null, true);
            case "use" -> {
                Split d = Split.of(arg);
                yield d == null || !d.rest.isEmpty() ? usage("text") : new UseDoc(d.first);
            }
            default -> usage("text");
        };
    }

    /** Text becomes {@code text}; a line that parses as a JSON object or array goes as {@code data}. */
    private static ObjectNode content(ObjectNode frame, String text) {
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                frame.set("data", Wire.JSON.readTree(text));
                return frame;
            } catch (JsonProcessingException e) {
                // not JSON after all: send it as text
            }
        }
        return frame.put("text", text);
    }

    /** The first word (or "quoted words") of a line, and the rest. */
    record Split(String first, String rest) {
        static Split of(String text) {
            String s = text.strip();
            if (s.isEmpty()) {
                return null;
            }
            if (s.startsWith("\"")) {
                int end = s.indexOf('"', 1);
                if (end > 1) {
                    return new Split(s.substring(1, end), s.substring(end + 1).strip());
                }
                return null;
            }
            int space = s.indexOf(' ');
            return space < 0 ? new Split(s, "") : new Split(s.substring(0, space), s.substring(space + 1).strip());
        }
    }
}
