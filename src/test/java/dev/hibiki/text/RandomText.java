package dev.hibiki.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random documents and ops that mix ASCII, Japanese and emoji (surrogate pairs, modifiers, flags). */
final class RandomText {

    static final String[] PIECES = {
        "a", "b", "xyz", " ", "\n", "あ", "い", "日本語", "カタカナ", "漢字", "😀", "👍🏽", "🇯🇵", "𠮷", "é"
    };

    private RandomText() {
    }

    static String text(Random r, int maxPieces) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    /** Code point boundaries of {@code s}: every index an op may start or stop at. */
    static int[] boundaries(String s) {
        List<Integer> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            out.add(i);
            i += Character.charCount(s.codePointAt(i));
        }
        out.add(s.length());
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A random op over {@code doc} with several retains, inserts and deletes, never cutting a pair. */
    static TextOp op(Random r, String doc) {
        int[] b = boundaries(doc);
        TextOp.Builder op = new TextOp.Builder();
        int k = 0; // index into b: current position b[k]
        while (k < b.length - 1) {
            int step = 1 + r.nextInt(Math.min(4, b.length - 1 - k));
            int units = b[k + step] - b[k];
            switch (r.nextInt(4)) {
                case 0 -> op.delete(units);
                case 1 -> {
                    op.insert(text(r, 2));
                    continue; // an insert does not move through the document
                }
                default -> op.retain(units);
            }
            k += step;
        }
        if (r.nextInt(3) == 0) {
            op.insert(text(r, 2));
        }
        return op.build();
    }
}
