package dev.hibiki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What each typed line turns into on the wire, and the hints for lines that make no sense. */
class CommandsTest {

    private static ObjectNode frame(String line) {
        return assertInstanceOf(Commands.Send.class, Commands.parse(line, "me", "main")).frame();
    }

    private static String hint(String line) {
        return assertInstanceOf(Commands.Hint.class, Commands.parse(line, "me", "main")).text();
    }

    @Test
    void everyProtocolMessageHasACommand() {
        assertEquals("{\"type\":\"echo\",\"text\":\"hello world\"}", frame("echo hello world").toString());
        assertEquals("{\"type\":\"broadcast\",\"text\":\"hi all\"}", frame("broadcast hi all").toString());
        assertEquals("{\"type\":\"broadcast\",\"data\":{\"n\":1}}", frame("bc {\"n\":1}").toString());
        assertEquals("{\"type\":\"broadcast\",\"text\":\"psst\",\"self\":false}", frame("broadcast --others psst").toString());
        assertEquals("{\"type\":\"join\",\"room\":\"lobby\"}", frame("join lobby").toString());
        assertEquals("{\"type\":\"join\",\"room\":\"会議 室\"}", frame("join \"会議 室\"").toString());
        assertEquals("{\"type\":\"leave\",\"room\":\"lobby\"}", frame("leave lobby").toString());
        assertEquals("{\"type\":\"publish\",\"room\":\"lobby\",\"text\":\"hello room\"}", frame("publish lobby hello room").toString());
        assertEquals("{\"type\":\"close_room\",\"room\":\"lobby\"}", frame("close lobby").toString());
        assertEquals("{\"type\":\"rooms\"}", frame("rooms").toString());
        assertEquals("{\"type\":\"status\"}", frame("status").toString());
        assertTrue(frame("ping").get("t").canConvertToLong());
        assertEquals("{\"type\":\"text_get\",\"doc\":\"main\"}", frame("text").toString());
        assertEquals("{\"type\":\"text_get\",\"doc\":\"notes\"}", frame("text show notes").toString());
        assertEquals("{\"type\":\"text_set\",\"doc\":\"main\",\"text\":\"こんにちは 👋\"}", frame("text set こんにちは 👋").toString());
        assertEquals("{\"type\":\"notify\",\"title\":\"Lunch\",\"body\":\"at noon\"}", frame("notify Lunch | at noon").toString());
        assertEquals("{\"type\":\"disconnect\"}", frame("disconnect").toString());
        assertEquals("{\"type\":\"whatever\",\"x\":[1]}", frame("raw {\"type\":\"whatever\",\"x\":[1]}").toString());
    }

    @Test
    void ownBroadcastsAnswerABroadcastButOthersArentAwaited() {
        Commands.Send send = (Commands.Send) Commands.parse("broadcast hi", "me", "main");
        assertTrue(send.await());
        assertTrue(send.answer().test(Wire.JSON.createObjectNode().put("type", "broadcast")
                .set("from", Wire.JSON.createObjectNode().put("id", "me"))));
        assertFalse(send.answer().test(Wire.JSON.createObjectNode().put("type", "broadcast")
                .set("from", Wire.JSON.createObjectNode().put("id", "someone else"))));
        assertFalse(((Commands.Send) Commands.parse("broadcast --others hi", "me", "main")).await());
    }

    @Test
    void badLinesGetAOneLineHint() {
        assertEquals("unknown command 'frobnicate'; type help for the list", hint("frobnicate now"));
        assertEquals("usage: echo TEXT", hint("echo"));
        assertEquals("usage: join ROOM", hint("join"));
        assertEquals("usage: join ROOM", hint("join two words"));
        assertEquals("usage: publish ROOM TEXT|JSON", hint("publish lobby"));
        assertEquals("usage: notify TITLE [| BODY]", hint("notify | body only"));
        assertTrue(hint("raw {not json").startsWith("usage: raw"));
        assertTrue(hint("text set").startsWith("usage: text"));
        assertTrue(hint("status now").startsWith("usage: status"));
        for (String line : new String[] {"echo", "join", "raw [1,2]", "text frob", "ping 3"}) {
            assertFalse(hint(line).contains("\n"), line);
        }
    }

    @Test
    void localCommands() {
        assertInstanceOf(Commands.Quit.class, Commands.parse("quit", null, "main"));
        assertInstanceOf(Commands.Quit.class, Commands.parse("exit", null, "main"));
        assertInstanceOf(Commands.Help.class, Commands.parse("help", null, "main"));
        assertInstanceOf(Commands.Nothing.class, Commands.parse("   ", null, "main"));
        assertEquals("notes", assertInstanceOf(Commands.UseDoc.class, Commands.parse("text use notes", null, "main")).doc());
        assertEquals("{\"type\":\"text_set\",\"doc\":\"notes\",\"text\":\"x\"}",
                ((Commands.Send) Commands.parse("text set x", null, "notes")).frame().toString());
    }
}
