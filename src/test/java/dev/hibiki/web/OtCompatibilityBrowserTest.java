package dev.hibiki.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hibiki.text.TextOp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page's ot.js and the server's TextOp must agree exactly, tie-breaks included, or clients
 * drift apart. Chromium runs ot.js on random edits of random Japanese/emoji text; every result is
 * recomputed with TextOp here.
 */
@QuarkusTest
class OtCompatibilityBrowserTest {

    static final int CASES = 300;

    @TestHTTPResource("/")
    URI root;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void pageAndServerTransformComposeAndDiffAlike() throws Exception {
        String cases;
        try (Page page = Browsers.launch(Browsers.Notifications.BLOCK).open(root)) {
            cases = (String) page.driver().executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/js/ot.js').then((ot) => {
                      const alphabet = ['a', 'b', 'あ', 'い', '日', '😀', '👍🏽', '\\n'];
                      // mulberry32: small, seeded, and exact in 32-bit integer arithmetic.
                      let seed = 42;
                      const rnd = (n) => {
                        seed = (seed + 0x6d2b79f5) | 0;
                        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
                        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
                        return ((t ^ (t >>> 14)) >>> 0) % n;
                      };
                      const text = (n) => Array.from({ length: n }, () => alphabet[rnd(alphabet.length)]).join('');
                      const edit = (s) => {
                        const cps = Array.from(s);
                        const at = rnd(cps.length + 1);
                        cps.splice(at, rnd(Math.min(4, cps.length - at + 1)), ...Array.from(text(rnd(4))));
                        return cps.join('');
                      };
                      const out = [];
                      for (let i = 0; i < arguments[0]; i++) {
                        const doc = text(rnd(12));
                        const x = edit(doc), y = edit(doc);
                        const a = ot.diff(doc, x), b = ot.diff(doc, y);
                        const z = edit(x);
                        const c = ot.diff(x, z);
                        const index = rnd(doc.length + 1);
                        out.push({ doc, x, y, a, b, c, t: ot.transform(a, b), comp: ot.compose(a, c),
                                   index, caret: ot.transformIndex(index, b), caretStay: ot.transformIndex(index, b, true) });
                      }
                      done(JSON.stringify(out));
                    }).catch((e) => done('ERROR ' + e));
                    """, CASES);
        }
        JsonNode all = json.readTree(cases);
        assertEquals(CASES, all.size(), cases.length() > 200 ? cases.substring(0, 200) : cases);
        int orderMatters = 0;
        for (JsonNode k : all) {
            String doc = k.get("doc").textValue();
            TextOp a = op(k.get("a"));
            TextOp b = op(k.get("b"));
            TextOp c = op(k.get("c"));
            String where = "case " + k;
            // The page's diff is an op the server accepts and that does what the user did.
            assertEquals(k.get("x").textValue(), a.apply(doc), where);
            assertEquals(k.get("y").textValue(), b.apply(doc), where);
            TextOp[] expected = TextOp.transform(a, b);
            if (!expected[0].equals(TextOp.transform(b, a)[1])) {
                orderMatters++; // both insert at one spot: the tie-break decides
            }
            assertEquals(json.valueToTree(expected[0].json()), k.get("t").get(0), "a' " + where);
            assertEquals(json.valueToTree(expected[1].json()), k.get("t").get(1), "b' " + where);
            assertEquals(json.valueToTree(a.compose(c).json()), k.get("comp"), "compose " + where);
            int index = k.get("index").intValue();
            assertEquals(b.transformIndex(index, false), k.get("caret").intValue(), "caret " + where);
            assertEquals(b.transformIndex(index, true), k.get("caretStay").intValue(), "caret " + where);
        }
        // The sample must contain ties, or it could not tell two tie-break rules apart.
        assertTrue(orderMatters >= CASES / 20, "cases where argument order matters: " + orderMatters);
    }

    private static TextOp op(JsonNode node) {
        return TextOp.fromJson(node, 10_000, 1_000_000);
    }
}
