package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextOpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TextOp parse(String json) throws Exception {
        return TextOp.fromJson(JSON.readTree(json), 100, 1000);
    }

    private static TextException parseError(String json) {
        return assertThrows(TextException.class, () -> parse(json));
    }

    @Test
    void parsesAndWritesTheJsonForm() throws Exception {
        TextOp op = parse("[3, \"こんにちは\", -2, 1]");
        assertEquals(6, op.baseLength());
        assertEquals(9, op.targetLength());
        assertEquals("[3,\"こんにちは\",-2,1]", JSON.writeValueAsString(op));
        assertEquals("abcこんにちはf", op.apply("abcdef"));
    }

    @Test
    void normalisesNeighboursAndPutsInsertsBeforeDeletes() throws Exception {
        assertEquals(List.of(3, "xy", -3), parse("[1, 2, -1, \"x\", -2, \"y\"]").json());
        assertEquals(parse("[\"ab\", -1]"), parse("[-1, \"a\", \"b\"]"));
    }

    @Test
    void rejectsMalformedOpsWithAClearMessage() {
        assertTrue(parseError("{}").getMessage().contains("JSON array"));
        assertTrue(parseError("[0]").getMessage().contains("component 0"));
        assertTrue(parseError("[1, 2.5]").getMessage().contains("component 1"));
        assertTrue(parseError("[1, \"\"]").getMessage().contains("empty string"));
        assertTrue(parseError("[true]").getMessage().contains("component 0"));
        assertTrue(parseError("[null]").getMessage().contains("component 0"));
        assertTrue(parseError("[[1]]").getMessage().contains("component 0"));
        assertTrue(parseError("[99999999999]").getMessage().contains("component 0"));
        assertTrue(parseError("[\"\\ud83d\"]").getMessage().contains("lone surrogate"));
        assertEquals(TextException.Kind.BAD_MESSAGE, parseError("[0]").kind());
        assertThrows(TextException.class, () -> TextOp.fromJson(null, 10, 10));
    }

    @Test
    void enforcesOpSizeLimits() throws Exception {
        JsonNode many = JSON.readTree("[1,\"a\",1,\"b\",1]");
        assertEquals(TextException.Kind.TOO_LARGE,
                assertThrows(TextException.class, () -> TextOp.fromJson(many, 4, 100)).kind());
        JsonNode big = JSON.readTree("[\"abc\", \"def\"]");
        assertEquals(TextException.Kind.TOO_LARGE,
                assertThrows(TextException.class, () -> TextOp.fromJson(big, 10, 5)).kind());
        assertEquals("abcdef", TextOp.fromJson(big, 2, 6).apply(""));
    }

    @Test
    void applyRejectsAnOpForAnotherLength() {
        TextException e = assertThrows(TextException.class, () -> TextOp.of(2, "x").apply("abc"));
        assertEquals(TextException.Kind.BAD_MESSAGE, e.kind());
        assertTrue(e.getMessage().contains("2 UTF-16 units, the document has 3"), e.getMessage());
    }

    @Test
    void applyRejectsCuttingASurrogatePair() {
        String doc = "a😀b"; // 😀 is two UTF-16 units: indexes 1 and 2
        assertEquals("a😀xb", TextOp.of(3, "x", 1).apply(doc));
        assertEquals("ab", TextOp.of(1, -2, 1).apply(doc));
        assertThrows(TextException.class, () -> TextOp.of(2, "x", 2).apply(doc));
        assertThrows(TextException.class, () -> TextOp.of(1, -1, 2).apply(doc));
        assertThrows(TextException.class, () -> TextOp.of(2, -2).apply(doc));
    }

    @Test
    void concurrentInsertsAtOnePlaceConvergeWithTheFirstArgumentFirst() {
        TextOp a = TextOp.of(1, "A", 1);
        TextOp b = TextOp.of(1, "B", 1);
        TextOp[] ab = TextOp.transform(a, b);
        assertEquals("xABy", ab[1].apply(a.apply("xy")));
        assertEquals("xABy", ab[0].apply(b.apply("xy")));
        TextOp[] ba = TextOp.transform(b, a);
        assertEquals("xBAy", ba[0].apply(a.apply("xy")));
    }

    @Test
    void overlappingDeletesAreNotDoneTwice() {
        String doc = "0123456789";
        TextOp a = TextOp.of(2, -5, 3);      // deletes 2..6
        TextOp b = TextOp.of(4, -5, "新", 1); // deletes 4..8, inserts
        TextOp[] t = TextOp.transform(a, b);
        assertEquals("01新9", t[1].apply(a.apply(doc)));
        assertEquals("01新9", t[0].apply(b.apply(doc)));
    }

    @Test
    void transformRejectsOpsForDifferentDocuments() {
        assertThrows(TextException.class, () -> TextOp.transform(TextOp.of(2), TextOp.of(3)));
    }

    @Test
    void transformedOpsConvergeForThousandsOfRandomPairs() {
        Random r = new Random(20261126);
        for (int i = 0; i < 20_000; i++) {
            String doc = RandomText.text(r, 12);
            TextOp a = RandomText.op(r, doc);
            TextOp b = RandomText.op(r, doc);
            TextOp[] t = TextOp.transform(a, b);
            String viaA = t[1].apply(a.apply(doc));
            String viaB = t[0].apply(b.apply(doc));
            assertEquals(viaA, viaB, () -> "doc=" + doc + " a=" + a + " b=" + b);
        }
    }

    @Test
    void composeHasTheEffectOfBothOps() {
        Random r = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            String doc = RandomText.text(r, 10);
            TextOp a = RandomText.op(r, doc);
            String mid = a.apply(doc);
            TextOp b = RandomText.op(r, mid);
            assertEquals(b.apply(mid), a.compose(b).apply(doc), () -> "doc=" + doc + " a=" + a + " b=" + b);
        }
    }

    @Test
    void transformIndexFollowsEdits() {
        TextOp op = TextOp.of(2, "xyz", -3, 5); // insert 3 at 2, delete 2..4
        assertEquals(1, op.transformIndex(1, false));
        assertEquals(5, op.transformIndex(2, false));
        assertEquals(2, op.transformIndex(2, true));
        assertEquals(5, op.transformIndex(4, false)); // inside the deleted range: its start
        assertEquals(5, op.transformIndex(5, false));
        assertEquals(7, op.transformIndex(7, false));
        assertEquals(10, op.transformIndex(10, false));
    }

    @Test
    void arbitraryJsonEitherParsesOrIsRefusedWithATextException() throws Exception {
        // Whatever a client sends as `op`, the answer is a defined error, never an unexpected exception.
        String[] atoms = {"1", "-1", "0", "3", "-3", "2147483647", "-2147483648", "2147483648", "1e3", "0.5",
            "true", "null", "\"\"", "\"あ\"", "\"😀\"", "\"\\ud83d\"", "\"\\ude00x\"", "[]", "{}", "[1]"};
        Random r = new Random(99);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder json = new StringBuilder("[");
            int n = r.nextInt(6);
            for (int k = 0; k < n; k++) {
                json.append(k > 0 ? "," : "").append(atoms[r.nextInt(atoms.length)]);
            }
            String text = r.nextInt(10) == 0 ? atoms[r.nextInt(atoms.length)] : json.append("]").toString();
            String doc = RandomText.text(r, 4);
            try {
                TextOp op = TextOp.fromJson(JSON.readTree(text), 100, 1000);
                parsed++;
                String result = op.apply(doc);
                TextOp.checkWellFormed(result);
            } catch (TextException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            }
        }
        assertTrue(parsed > 1000, "some inputs were valid ops: " + parsed);
    }

    @Test
    void identityChangesNothing() {
        assertTrue(TextOp.identity(5).isIdentity());
        assertTrue(TextOp.identity(0).isIdentity());
        assertEquals("日本😀", TextOp.identity(4).apply("日本😀"));
    }
}
