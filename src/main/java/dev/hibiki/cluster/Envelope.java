package dev.hibiki.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One message on the cluster channel: {@code kind origin arg1 arg2 ...}, a newline, then the body
 * (usually a frame already encoded as JSON, which receiving nodes deliver as is, so a frame is
 * encoded once per node). The header is plain text so a Lua script can prepend it to a body
 * and publish atomically with its other writes.
 */
public record Envelope(String kind, String origin, List<String> args, String body) {

    public Envelope {
        args = List.copyOf(args);
        body = body == null ? "" : body;
    }

    public static Envelope of(String kind, String origin, String body, String... args) {
        return new Envelope(kind, origin, List.of(args), body);
    }

    /** The {@code kind origin args\n} prefix of an envelope. */
    public static String header(String kind, String origin, String... args) {
        StringBuilder header = new StringBuilder(64).append(field(kind)).append(' ').append(field(origin));
        for (String arg : args) {
            header.append(' ').append(field(arg));
        }
        return header.append('\n').toString();
    }

    public String encode() {
        return header(kind, origin, args.toArray(String[]::new)) + body;
    }

    public String arg(int index) {
        return args.get(index);
    }

    /** Reads an envelope; throws IllegalArgumentException for anything else on the channel. */
    public static Envelope parse(String message) {
        int newline = message.indexOf('\n');
        if (newline < 0) {
            throw new IllegalArgumentException("no header line");
        }
        String[] fields = message.substring(0, newline).split(" ");
        if (fields.length < 2 || fields[0].isEmpty() || fields[1].isEmpty()) {
            throw new IllegalArgumentException("header needs a kind and an origin");
        }
        List<String> args = new ArrayList<>(fields.length - 2);
        for (int i = 2; i < fields.length; i++) {
            args.add(fields[i]);
        }
        return new Envelope(fields[0], fields[1], args, message.substring(newline + 1));
    }

    private static String field(String value) {
        if (value == null || value.isEmpty() || value.indexOf(' ') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("envelope field must be non-empty without spaces or newlines: '" + value + "'");
        }
        return value;
    }
}
