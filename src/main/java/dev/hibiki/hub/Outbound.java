package dev.hibiki.hub;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A server-to-client frame. Jackson writes the frame's {@code type} from the record's
 * {@code @JsonTypeName}, so a message type is declared exactly once, on its record.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonInclude(JsonInclude.Include.NON_NULL)
public interface Outbound {
}
