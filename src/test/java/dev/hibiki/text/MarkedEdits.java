package dev.hibiki.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Random single edits like a person makes: insert filler (Japanese, emoji, ASCII), insert a unique
 * marker, or delete some filler. Markers are never cut or deleted by these edits, so after any
 * number of concurrent edits every acknowledged marker must still be in the text, whole.
 */
final class MarkedEdits {

    static final Pattern MARKER = Pattern.compile("«[^«»]*»");

    private MarkedEdits() {
    }

    static String marker(String client, int n) {
        return "«" + client + "-" + n + " 日本😀»";
    }

    /** An edit for {@code text}: inserts {@code marker} when not null, otherwise filler or a delete. */
    static TextOp edit(Random r, String text, String marker) {
        List<int[]> markers = new ArrayList<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            markers.add(new int[] {m.start(), m.end()});
        }
        List<Integer> free = new ArrayList<>();
        for (int b : RandomText.boundaries(text)) {
            if (markers.stream().noneMatch(k -> b > k[0] && b < k[1])) {
                free.add(b);
            }
        }
        int at = free.get(r.nextInt(free.size()));
        if (marker == null && r.nextInt(3) == 0) {
            // Delete up to three code points of filler from `at`, stopping before any marker.
            int end = at;
            for (int i = 0; i < 1 + r.nextInt(3) && end < text.length() && text.charAt(end) != '«'; i++) {
                end += Character.charCount(text.codePointAt(end));
            }
            if (end > at) {
                return new TextOp.Builder().retain(at).delete(end - at).retain(text.length() - end).build();
            }
        }
        String insert = marker != null ? marker : RandomText.PIECES[r.nextInt(RandomText.PIECES.length)];
        return new TextOp.Builder().retain(at).insert(insert).retain(text.length() - at).build();
    }

    static List<String> markers(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
