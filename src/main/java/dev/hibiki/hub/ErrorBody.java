package dev.hibiki.hub;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON body of every refusal outside a WebSocket frame (REST errors, refused upgrades): {@code {error, message}}. */
@RegisterForReflection
public record ErrorBody(String error, String message) {
}
