package dev.hibiki.text;

/**
 * An op the document accepted: {@code op} is the op as applied (transformed against everything the
 * sender had not seen) and {@code rev} the revision it produced.
 */
public record TextChange(String doc, long rev, TextOp op) {
}
