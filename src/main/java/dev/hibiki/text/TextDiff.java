package dev.hibiki.text;

/** Turns a whole-text replacement into an op that touches only the part that changed. */
final class TextDiff {

    private TextDiff() {
    }

    /**
     * The op from {@code from} to {@code to}: retain the common prefix, delete and insert the middle,
     * retain the common suffix. Prefix and suffix never end inside a surrogate pair.
     */
    static TextOp between(String from, String to) {
        int max = Math.min(from.length(), to.length());
        int prefix = 0;
        while (prefix < max && from.charAt(prefix) == to.charAt(prefix)) {
            prefix++;
        }
        // Equal high surrogates followed by different low ones: keep the whole pair in the middle.
        if (prefix > 0 && Character.isHighSurrogate(from.charAt(prefix - 1))) {
            prefix--;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && from.charAt(from.length() - 1 - suffix) == to.charAt(to.length() - 1 - suffix)) {
            suffix++;
        }
        if (suffix > 0 && Character.isLowSurrogate(from.charAt(from.length() - suffix))) {
            suffix--;
        }
        return new TextOp.Builder()
                .retain(prefix)
                .delete(from.length() - prefix - suffix)
                .insert(to.substring(prefix, to.length() - suffix))
                .retain(suffix)
                .build();
    }
}
