package dev.hibiki.socketio.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads Socket.IO packets from Engine.IO messages, one session's worth: a binary packet's
 * attachments follow it as binary messages and are put back where its placeholders stand. Anything
 * that breaks the protocol is a {@link Malformed}, which ends that session only.
 */
public final class SioDecoder {

    /** Event names a client may not use (the official parser's list). */
    private static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");
    /** Longest ack id: beyond 2^53 JavaScript clients could not have made it. */
    private static final int MAX_ID_DIGITS = 15;

    /** A packet that breaks the protocol. */
    public static final class Malformed extends RuntimeException {

        public Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final ObjectMapper mapper;
    private final int maxAttachments;
    private SioPacket waiting;
    private int expected;
    private final List<byte[]> attachments = new ArrayList<>();

    public SioDecoder(ObjectMapper mapper, int maxAttachments) {
        this.mapper = mapper;
        this.maxAttachments = maxAttachments;
    }

    /** Reads a text message: the packet, or null when it waits for its attachments. */
    public SioPacket text(String message) {
        if (waiting != null) {
            throw new Malformed("text packet while attachments were expected");
        }
        if (message.isEmpty()) {
            throw new Malformed("empty packet");
        }
        int type = message.charAt(0) - '0';
        if (type < SioPacket.CONNECT || type > SioPacket.BINARY_ACK) {
            throw new Malformed("unknown packet type");
        }
        int i = 1;
        int count = 0;
        if (type == SioPacket.BINARY_EVENT || type == SioPacket.BINARY_ACK) {
            int dash = message.indexOf('-', i);
            if (dash <= i || dash - i > 3 || !digits(message, i, dash)) {
                throw new Malformed("illegal attachments");
            }
            count = Integer.parseInt(message.substring(i, dash));
            if (count > maxAttachments) {
                throw new Malformed("too many attachments");
            }
            i = dash + 1;
        }
        String nsp = "/";
        if (i < message.length() && message.charAt(i) == '/') {
            int comma = message.indexOf(',', i);
            int end = comma < 0 ? message.length() : comma;
            nsp = message.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        Long id = null;
        int start = i;
        while (i < message.length() && Character.isDigit(message.charAt(i))) {
            i++;
        }
        if (i > start) {
            if (i - start > MAX_ID_DIGITS) {
                throw new Malformed("ack id too long");
            }
            id = Long.parseLong(message.substring(start, i));
        }
        JsonNode data = null;
        if (i < message.length()) {
            try {
                data = mapper.readTree(message.substring(i));
            } catch (JacksonException e) {
                throw new Malformed("payload is not JSON");
            }
        }
        check(type, data, id);
        SioPacket packet = new SioPacket(type == SioPacket.BINARY_EVENT ? SioPacket.EVENT
                : type == SioPacket.BINARY_ACK ? SioPacket.ACK : type, nsp, id, data);
        if (type == SioPacket.BINARY_EVENT || type == SioPacket.BINARY_ACK) {
            if (count > 0) {
                waiting = packet;
                expected = count;
                attachments.clear();
                return null;
            }
        }
        return packet;
    }

    /** Reads a binary message: the completed packet, or null while more attachments are due. */
    public SioPacket binary(byte[] data) {
        if (waiting == null) {
            throw new Malformed("binary data without a packet announcing it");
        }
        attachments.add(data);
        if (attachments.size() < expected) {
            return null;
        }
        SioPacket packet = waiting;
        waiting = null;
        JsonNode filled = fill(packet.data(), attachments);
        attachments.clear();
        return new SioPacket(packet.type(), packet.nsp(), packet.id(), filled);
    }

    /** True while a binary packet waits for attachments. */
    public boolean pending() {
        return waiting != null;
    }

    private static void check(int type, JsonNode data, Long id) {
        boolean valid = switch (type) {
            case SioPacket.CONNECT -> data == null || data.isObject();
            case SioPacket.DISCONNECT -> data == null;
            case SioPacket.EVENT, SioPacket.BINARY_EVENT -> data instanceof ArrayNode array && !array.isEmpty()
                    && (array.get(0).isNumber() || array.get(0).isTextual() && !RESERVED.contains(array.get(0).textValue()));
            case SioPacket.ACK, SioPacket.BINARY_ACK -> data instanceof ArrayNode && id != null;
            default -> false; // CONNECT_ERROR is the server's to send
        };
        if (!valid) {
            throw new Malformed("invalid payload for packet type " + type);
        }
    }

    /** Replaces each {@code {_placeholder: true, num}} by its attachment. */
    private static JsonNode fill(JsonNode node, List<byte[]> attachments) {
        if (node instanceof ObjectNode object) {
            JsonNode marker = object.get("_placeholder");
            if (marker != null && marker.asBoolean(false)) {
                JsonNode num = object.get("num");
                if (num == null || !num.canConvertToInt() || num.intValue() < 0 || num.intValue() >= attachments.size()) {
                    throw new Malformed("placeholder points at no attachment");
                }
                return BinaryNode.valueOf(attachments.get(num.intValue()));
            }
            object.fields().forEachRemaining(field -> field.setValue(fill(field.getValue(), attachments)));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, fill(array.get(i), attachments));
            }
        }
        return node;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
