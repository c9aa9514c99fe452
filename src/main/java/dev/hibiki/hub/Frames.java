package dev.hibiki.hub;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The hub core's server-to-client frames (protocol v1, docs/PROTOCOL.md). */
public final class Frames {

    private Frames() {
    }

    /** The last timestamp formatted, reused within its millisecond. */
    private static volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    /**
     * The protocol's timestamp: ISO-8601 in UTC, to the millisecond ({@code 2026-11-26T01:02:03.456Z}).
     * Formatting an {@code Instant} was 2 % of the server's CPU per echo (docs/BENCHMARKS.md), and
     * a busy hub stamps many frames within one millisecond, so the text is made once per millisecond.
     */
    public static String now() {
        long millis = System.currentTimeMillis();
        Stamp stamp = last;
        if (stamp.millis != millis) {
            stamp = new Stamp(millis, Instant.ofEpochMilli(millis).toString());
            last = stamp;
        }
        return stamp.text;
    }

    private record Stamp(long millis, String text) {
    }

    @JsonTypeName("welcome")
    @RegisterForReflection
    public record Welcome(String id, String name, int connections, String node, String version) implements Outbound {
    }

    @JsonTypeName("count")
    @RegisterForReflection
    public record Count(int connections) implements Outbound {
    }

    @JsonTypeName("echo")
    @RegisterForReflection
    public record Echo(String text, long count, String ts) implements Outbound {
    }

    @JsonTypeName("broadcast")
    @RegisterForReflection
    public record Broadcast(Who from, String text, JsonNode data, String ts) implements Outbound {
    }

    @JsonTypeName("pong")
    @RegisterForReflection
    public record Pong(JsonNode t, String ts) implements Outbound {
    }

    @JsonTypeName("status")
    @RegisterForReflection
    public record Status(int connections, int rooms, long uptime, String node, String version,
            long messagesIn, long messagesOut) implements Outbound {
    }

    @JsonTypeName("notification")
    @RegisterForReflection
    public record Notification(String title, String body, String icon, String tag, JsonNode data, Who from,
            String ts) implements Outbound {
    }

    @JsonTypeName("tick")
    @RegisterForReflection
    public record Tick(long count, String ts) implements Outbound {
    }

    @JsonTypeName("shutdown")
    @RegisterForReflection
    public record Shutdown(@JsonProperty("reconnect_ms") int reconnectMs) implements Outbound {
    }

    @JsonTypeName("error")
    @RegisterForReflection
    public record Error(String code, String message) implements Outbound {

        public static Error of(ErrorCode code, String message) {
            return new Error(code.code(), message);
        }
    }
}
