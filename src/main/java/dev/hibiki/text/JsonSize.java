package dev.hibiki.text;

/**
 * How many bytes a string takes on the wire as the content of a JSON string: UTF-8, with the escapes
 * the server's encoder writes (a control character other than \b \t \n \f \r becomes the six bytes
 * {@code \u0001}; {@code "} and {@code \} take two). Limits counted in characters do not bound this:
 * 262,144 U+0001 are 1.5 MB of JSON.
 */
public final class JsonSize {

    private JsonSize() {
    }

    public static long of(String s) {
        long bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                bytes += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
            } else if (c < 0x80) {
                bytes += c == '"' || c == '\\' ? 2 : 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
