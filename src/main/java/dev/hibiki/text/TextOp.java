package dev.hibiki.text;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One edit of a text document: a walk over the whole document that retains, inserts and deletes.
 * Lengths count UTF-16 code units, the unit of Java and JavaScript strings.
 *
 * <p>JSON form: an array where a positive integer retains that many units, a string inserts it and
 * a negative integer deletes that many units, e.g. {@code [5, "あ", -2, 3]}. The op covers the whole
 * document: retained plus deleted units must equal the length of the document it applies to.
 *
 * <p>The component list is kept normalised (no empty components, no two neighbours of one kind,
 * an insert always before a neighbouring delete), so two ops with the same effect are equal.
 */
@RegisterForReflection
public record TextOp(List<Component> components) {

    /** One step of the walk. */
    @RegisterForReflection
    public sealed interface Component permits Retain, Insert, Delete {
    }

    @RegisterForReflection
    public record Retain(int n) implements Component {
    }

    @RegisterForReflection
    public record Insert(String text) implements Component {
    }

    @RegisterForReflection
    public record Delete(int n) implements Component {
    }

    public TextOp {
        components = List.copyOf(components);
    }

    /** The op that leaves a document of {@code length} units unchanged. */
    public static TextOp identity(int length) {
        return new Builder().retain(length).build();
    }

    /**
     * Builds an op from its JSON components given as Java values (Integer or String), for tests and
     * programmatic clients; same rules as {@link #fromJson}.
     */
    public static TextOp of(Object... components) {
        Builder b = new Builder();
        for (Object c : components) {
            if (c instanceof Integer n && n > 0) {
                b.retain(n);
            } else if (c instanceof Integer n && n < 0) {
                b.delete(-n);
            } else if (c instanceof String s && !s.isEmpty()) {
                checkWellFormed(s);
                b.insert(s);
            } else {
                throw TextException.bad("op component must be a non-zero integer or a non-empty string: " + c);
            }
        }
        return b.build();
    }

    /**
     * Parses the JSON form, rejecting anything that is not a list of non-zero integers and
     * non-empty, well-formed strings, and ops larger than the limits.
     *
     * @param maxComponents most components accepted
     * @param maxInsert     most inserted UTF-16 units accepted in total
     */
    public static TextOp fromJson(JsonNode node, int maxComponents, int maxInsert) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw TextException.bad("op is missing");
        }
        if (!node.isArray()) {
            throw TextException.bad("op must be a JSON array of components");
        }
        if (node.size() > maxComponents) {
            throw new TextException(TextException.Kind.TOO_LARGE,
                    "op has " + node.size() + " components, the limit is " + maxComponents);
        }
        Builder b = new Builder();
        long inserted = 0;
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            if (c.isTextual()) {
                String s = c.textValue();
                if (s.isEmpty()) {
                    throw TextException.bad("op component " + i + " is an empty string");
                }
                checkWellFormed(s);
                inserted += s.length();
                if (inserted > maxInsert) {
                    throw new TextException(TextException.Kind.TOO_LARGE,
                            "op inserts more than " + maxInsert + " UTF-16 units");
                }
                b.insert(s);
            } else if (c.isIntegralNumber() && c.canConvertToInt() && c.intValue() != 0
                    && c.intValue() != Integer.MIN_VALUE) {
                int n = c.intValue();
                if (n > 0) {
                    b.retain(n);
                } else {
                    b.delete(-n);
                }
            } else {
                throw TextException.bad("op component " + i
                        + " must be a non-zero integer (retain > 0, delete < 0) or a string (insert), got " + c);
            }
        }
        return b.build();
    }

    /** The JSON form: positive int = retain, string = insert, negative int = delete. */
    @JsonValue
    public List<Object> json() {
        List<Object> out = new ArrayList<>(components.size());
        for (Component c : components) {
            if (c instanceof Retain r) {
                out.add(r.n());
            } else if (c instanceof Insert ins) {
                out.add(ins.text());
            } else {
                out.add(-((Delete) c).n());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Length of the document this op applies to. */
    public int baseLength() {
        long n = 0;
        for (Component c : components) {
            if (c instanceof Retain r) {
                n += r.n();
            } else if (c instanceof Delete d) {
                n += d.n();
            }
        }
        return clamp(n);
    }

    /** Length of the document after this op. */
    public int targetLength() {
        long n = 0;
        for (Component c : components) {
            if (c instanceof Retain r) {
                n += r.n();
            } else if (c instanceof Insert ins) {
                n += ins.text().length();
            }
        }
        return clamp(n);
    }

    /** True when applying the op changes nothing. */
    public boolean isIdentity() {
        return components.stream().allMatch(c -> c instanceof Retain);
    }

    /**
     * Applies the op to {@code doc}. Rejects an op made for a document of another length, and an op
     * whose boundaries fall inside a surrogate pair (that would leave half an emoji behind).
     */
    public String apply(String doc) {
        int base = baseLength();
        if (doc.length() != base) {
            throw TextException.bad("op is for a document of " + base
                    + " UTF-16 units, the document has " + doc.length());
        }
        StringBuilder out = new StringBuilder(targetLength());
        int pos = 0;
        for (Component c : components) {
            checkBoundary(doc, pos);
            if (c instanceof Retain r) {
                out.append(doc, pos, pos + r.n());
                pos += r.n();
            } else if (c instanceof Insert ins) {
                out.append(ins.text());
            } else {
                pos += ((Delete) c).n();
            }
        }
        return out.toString();
    }

    /**
     * Transforms two ops made against the same document so each can follow the other:
     * {@code b'.apply(a.apply(s)).equals(a'.apply(b.apply(s)))}.
     *
     * <p>Tie-break: when both insert at the same position, {@code a}'s text ends up first. The server
     * calls {@code transform(incoming, applied)} and a client calls {@code transform(pending, incoming)},
     * so in both places {@code a} is the op that reaches the server later, and everyone agrees.
     *
     * @return {@code [a', b']}
     */
    public static TextOp[] transform(TextOp a, TextOp b) {
        if (a.baseLength() != b.baseLength()) {
            throw TextException.bad("cannot transform ops for documents of " + a.baseLength()
                    + " and " + b.baseLength() + " UTF-16 units");
        }
        Builder a2 = new Builder();
        Builder b2 = new Builder();
        Cursor ca = new Cursor(a);
        Cursor cb = new Cursor(b);
        while (ca.more() || cb.more()) {
            if (ca.atInsert()) {
                String s = ca.takeInsert();
                a2.insert(s);
                b2.retain(s.length());
            } else if (cb.atInsert()) {
                String s = cb.takeInsert();
                a2.retain(s.length());
                b2.insert(s);
            } else {
                // Both sit on retains or deletes of the same base units; the length check above
                // guarantees both have some left.
                int m = Math.min(ca.remaining(), cb.remaining());
                boolean aDeletes = ca.atDelete();
                boolean bDeletes = cb.atDelete();
                ca.skip(m);
                cb.skip(m);
                if (!aDeletes && !bDeletes) {
                    a2.retain(m);
                    b2.retain(m);
                } else if (aDeletes && !bDeletes) {
                    a2.delete(m);
                } else if (!aDeletes) {
                    b2.delete(m);
                }
                // Both delete the same units: neither needs to do it again.
            }
        }
        return new TextOp[] {a2.build(), b2.build()};
    }

    /**
     * One op with the effect of {@code this} followed by {@code next}; clients use it to keep a single
     * buffered op while one is in flight.
     */
    public TextOp compose(TextOp next) {
        if (targetLength() != next.baseLength()) {
            throw TextException.bad("cannot compose: the first op makes " + targetLength()
                    + " UTF-16 units, the second expects " + next.baseLength());
        }
        Builder out = new Builder();
        Cursor c1 = new Cursor(this);
        Cursor c2 = new Cursor(next);
        while (c1.more() || c2.more()) {
            if (c1.atDelete()) {
                out.delete(c1.remaining());
                c1.skip(c1.remaining());
            } else if (c2.atInsert()) {
                out.insert(c2.takeInsert());
            } else {
                int m = Math.min(c1.remaining(), c2.remaining());
                if (c1.atInsert()) {
                    String s = c1.take(m);
                    if (!c2.atDelete()) {
                        out.insert(s);
                    }
                } else {
                    c1.skip(m);
                    if (c2.atDelete()) {
                        out.delete(m);
                    } else {
                        out.retain(m);
                    }
                }
                c2.skip(m);
            }
        }
        return out.build();
    }

    /**
     * Where a caret at {@code index} in the base document ends up after this op. An insert exactly at
     * the caret pushes it right unless {@code stayBeforeInserts}.
     */
    public int transformIndex(int index, boolean stayBeforeInserts) {
        int pos = 0;
        int moved = index;
        for (Component c : components) {
            if (pos > index) {
                break;
            }
            if (c instanceof Retain r) {
                pos += r.n();
            } else if (c instanceof Insert ins) {
                if (pos < index || !stayBeforeInserts) {
                    moved += ins.text().length();
                }
            } else {
                int n = ((Delete) c).n();
                moved -= Math.min(n, index - pos);
                pos += n;
            }
        }
        return moved;
    }

    @Override
    public String toString() {
        return json().toString();
    }

    private static void checkBoundary(String doc, int pos) {
        if (pos > 0 && pos < doc.length()
                && Character.isHighSurrogate(doc.charAt(pos - 1)) && Character.isLowSurrogate(doc.charAt(pos))) {
            throw TextException.bad("op cuts a surrogate pair at UTF-16 unit " + pos);
        }
    }

    /** Rejects lone surrogates, so every document stays valid UTF-16 (and valid UTF-8 on the wire). */
    static void checkWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw TextException.bad("inserted text has a lone surrogate at index " + i);
            }
        }
    }

    private static int clamp(long n) {
        if (n > Integer.MAX_VALUE) {
            throw TextException.bad("op is longer than " + Integer.MAX_VALUE + " UTF-16 units");
        }
        return (int) n;
    }

    /** Appends components while keeping the list normalised. */
    public static final class Builder {
        private final List<Component> list = new ArrayList<>();

        public Builder retain(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative retain " + n);
            }
            if (n == 0) {
                return this;
            }
            if (last(0) instanceof Retain r) {
                list.set(list.size() - 1, new Retain(clamp((long) r.n() + n)));
            } else {
                list.add(new Retain(n));
            }
            return this;
        }

        public Builder insert(String s) {
            if (s.isEmpty()) {
                return this;
            }
            Component last = last(0);
            if (last instanceof Insert ins) {
                list.set(list.size() - 1, new Insert(ins.text() + s));
            } else if (last instanceof Delete) {
                // Insert-before-delete is the normal form; merge with an insert just before the delete.
                if (last(1) instanceof Insert ins) {
                    list.set(list.size() - 2, new Insert(ins.text() + s));
                } else {
                    list.add(list.size() - 1, new Insert(s));
                }
            } else {
                list.add(new Insert(s));
            }
            return this;
        }

        public Builder delete(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative delete " + n);
            }
            if (n == 0) {
                return this;
            }
            if (last(0) instanceof Delete d) {
                list.set(list.size() - 1, new Delete(clamp((long) d.n() + n)));
            } else {
                list.add(new Delete(n));
            }
            return this;
        }

        public TextOp build() {
            return new TextOp(list);
        }

        private Component last(int back) {
            int i = list.size() - 1 - back;
            return i >= 0 ? list.get(i) : null;
        }
    }

    /** Walks an op's components, allowing a component to be consumed in parts. */
    private static final class Cursor {
        private final List<Component> list;
        private int index;
        private int offset;

        Cursor(TextOp op) {
            this.list = op.components();
        }

        boolean more() {
            return index < list.size();
        }

        boolean atInsert() {
            return more() && list.get(index) instanceof Insert;
        }

        boolean atDelete() {
            return more() && list.get(index) instanceof Delete;
        }

        int remaining() {
            if (!more()) {
                throw TextException.bad("ops do not cover the same document");
            }
            Component c = list.get(index);
            int len = c instanceof Retain r ? r.n() : c instanceof Delete d ? d.n() : ((Insert) c).text().length();
            return len - offset;
        }

        void skip(int n) {
            int left = remaining();
            if (n == left) {
                index++;
                offset = 0;
            } else {
                offset += n;
            }
        }

        String take(int n) {
            String s = ((Insert) list.get(index)).text();
            String part = s.substring(offset, offset + n);
            skip(n);
            return part;
        }

        String takeInsert() {
            return take(remaining());
        }
    }
}
