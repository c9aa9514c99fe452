package dev.hibiki.text;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A document as of one revision; also the REST answer of {@code GET /api/text/{doc}}. */
@RegisterForReflection
public record TextSnapshot(String doc, long rev, String text) {
}
