package dev.hibiki.socketio.protocol;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes Socket.IO packets as Engine.IO message packets: the text packet ({@code 4} + the Socket.IO
 * packet) and, for binary data, the attachments as binary messages after it. Binary data is a
 * {@code BinaryNode}, or Hibiki's JSON form of it, {@code {"$binary": "<base64>"}}, so binary that
 * went through the hub as JSON leaves as binary again.
 */
public final class SioEncoder {

    /** The key of Hibiki's JSON form of binary data. */
    public static final String BINARY_KEY = "$binary";

    private SioEncoder() {
    }

    /** The Engine.IO packets (Strings, then byte[] attachments) of one Socket.IO packet. */
    public static List<Object> packets(int type, String nsp, Long id, JsonNode data) {
        List<byte[]> attachments = new ArrayList<>();
        JsonNode payload = data == null ? null : extract(data.deepCopy(), attachments);
        int wireType = type;
        if (!attachments.isEmpty()) {
            wireType = type == SioPacket.EVENT ? SioPacket.BINARY_EVENT : type == SioPacket.ACK ? SioPacket.BINARY_ACK : type;
        }
        StringBuilder text = new StringBuilder("4").append(wireType);
        if (!attachments.isEmpty()) {
            text.append(attachments.size()).append('-');
        }
        if (!"/".equals(nsp)) {
            text.append(nsp).append(',');
        }
        if (id != null) {
            text.append(id);
        }
        if (payload != null) {
            text.append(payload);
        }
        List<Object> packets = new ArrayList<>(1 + attachments.size());
        packets.add(text.toString());
        packets.addAll(attachments);
        return packets;
    }

    /** True when the tree holds binary data (so encoding it must go through {@link #packets}). */
    public static boolean hasBinary(JsonNode node) {
        if (isBinary(node)) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Hibiki's JSON form of binary data, for frames that travel through the hub. */
    public static JsonNode toJson(JsonNode node) {
        if (node instanceof BinaryNode binary) {
            return JsonNodeFactory.instance.objectNode().put(BINARY_KEY, Base64.getEncoder().encodeToString(binary.binaryValue()));
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> field.setValue(toJson(field.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, toJson(array.get(i)));
            }
        }
        return node;
    }

    private static boolean isBinary(JsonNode node) {
        return node instanceof BinaryNode || node instanceof ObjectNode object && object.size() == 1
                && object.get(BINARY_KEY) != null && object.get(BINARY_KEY).isTextual();
    }

    private static JsonNode extract(JsonNode node, List<byte[]> attachments) {
        if (isBinary(node)) {
            byte[] bytes;
            if (node instanceof BinaryNode binary) {
                bytes = binary.binaryValue();
            } else {
                try {
                    bytes = Base64.getDecoder().decode(node.get(BINARY_KEY).textValue());
                } catch (IllegalArgumentException notBase64) {
                    return node;
                }
            }
            ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
            placeholder.put("_placeholder", true).put("num", attachments.size());
            attachments.add(bytes);
            return placeholder;
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> field.setValue(extract(field.getValue(), attachments)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, extract(array.get(i), attachments));
            }
        }
        return node;
    }
}
