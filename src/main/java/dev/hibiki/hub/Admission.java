package dev.hibiki.hub;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the upgrade checks learnt about a request, handed to the connection when it opens.
 * Mutable while the checks run; read once in {@code @OnOpen}.
 */
public final class Admission {

    private String name;
    private String address = "unknown";
    private String subject;
    private List<String> roomPatterns = List.of();
    private List<String> roles = List.of();
    private long expiresAtEpochSecond;
    private String closeRoomsRole;

    /** The requested display name (already validated), or null for a default one. */
    public String name() {
        return name;
    }

    public Admission name(String name) {
        this.name = name;
        return this;
    }

    /** The client's address (host only, after proxy forwarding when enabled). */
    public String address() {
        return address;
    }

    public Admission address(String address) {
        this.address = address == null ? "unknown" : address;
        return this;
    }

    /** The authenticated identity ({@code sub}), or null when authentication is off. */
    public String subject() {
        return subject;
    }

    public Admission subject(String subject) {
        this.subject = subject;
        return this;
    }

    /** Room name patterns this connection may join ({@code *} wildcard); empty = any. */
    public List<String> roomPatterns() {
        return roomPatterns;
    }

    public Admission roomPatterns(List<String> roomPatterns) {
        this.roomPatterns = List.copyOf(roomPatterns);
        return this;
    }

    public List<String> roles() {
        return roles;
    }

    public Admission roles(List<String> roles) {
        this.roles = List.copyOf(roles);
        return this;
    }

    /** When the credential expires (epoch seconds), or 0 when it does not. */
    public long expiresAtEpochSecond() {
        return expiresAtEpochSecond;
    }

    public Admission expiresAtEpochSecond(long expiresAtEpochSecond) {
        this.expiresAtEpochSecond = expiresAtEpochSecond;
        return this;
    }

    /** The role needed to close rooms, or null when any member may (authentication off). */
    public String closeRoomsRole() {
        return closeRoomsRole;
    }

    public Admission closeRoomsRole(String role) {
        this.closeRoomsRole = role;
        return this;
    }

    /** Whether this connection may close a room it is a member of. */
    public boolean mayCloseRooms() {
        return closeRoomsRole == null || roles.contains(closeRoomsRole);
    }

    /** True when a check has placed the room under a pattern list and the room matches none. */
    public boolean mayJoin(String room) {
        if (roomPatterns.isEmpty()) {
            return true;
        }
        for (String pattern : roomPatterns) {
            if (matches(pattern, room)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    static boolean matches(String pattern, String room) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(room);
        }
        // One wildcard run per '*': split and match the parts in order.
        String[] parts = pattern.split("\\*", -1);
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == 0) {
                if (!room.startsWith(part)) {
                    return false;
                }
                at = part.length();
            } else if (i == parts.length - 1) {
                return room.length() - part.length() >= at && room.endsWith(part);
            } else {
                int found = room.indexOf(part, at);
                if (found < 0) {
                    return false;
                }
                at = found + part.length();
            }
        }
        return true;
    }

    /** Serialised form, carried from the upgrade gate to the connection in a request header. */
    public String encode() {
        JsonObject json = new JsonObject().put("rooms", new JsonArray(roomPatterns)).put("roles", new JsonArray(roles))
                .put("exp", expiresAtEpochSecond);
        json.put("addr", address);
        if (name != null) {
            json.put("name", name);
        }
        if (subject != null) {
            json.put("sub", subject);
        }
        if (closeRoomsRole != null) {
            json.put("closeRole", closeRoomsRole);
        }
        return json.encode();
    }

    public static Admission decode(String encoded) {
        Admission admission = new Admission();
        if (encoded == null || encoded.isEmpty()) {
            return admission;
        }
        JsonObject json = new JsonObject(encoded);
        return admission.name(json.getString("name")).subject(json.getString("sub"))
                .roomPatterns(strings(json.getJsonArray("rooms"))).roles(strings(json.getJsonArray("roles")))
                .expiresAtEpochSecond(json.getLong("exp", 0L)).address(json.getString("addr"))
                .closeRoomsRole(json.getString("closeRole"));
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }
}
