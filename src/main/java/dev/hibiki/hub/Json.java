package dev.hibiki.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Encodes outbound frames. A frame is encoded once per fan-out and the same string is handed to
 * every recipient: JSON encoding is the costly part of a delivery.
 */
@ApplicationScoped
public class Json {

    private final ObjectMapper mapper;
    private final ObjectWriter frameWriter;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
        this.frameWriter = mapper.writerFor(Outbound.class);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String encode(Outbound frame) {
        if (frame instanceof Encoded encoded) {
            return encoded.json();
        }
        try {
            return frameWriter.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
        }
    }

    /**
     * Encodes a direct reply carrying {@code re}. Every frame is a JSON object ending in '}', so the
     * field is spliced in before it rather than copying the frame into a tree first.
     */
    public String encode(Outbound frame, JsonNode re) {
        String encoded = encode(frame);
        if (re == null) {
            return encoded;
        }
        return encoded.substring(0, encoded.length() - 1) + ",\"re\":" + re + "}";
    }
}
