package dev.hibiki.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hibiki.socketio.engine.EnginePackets.Packet;

/** Engine.IO v3 binary polling payloads, byte by byte as engine.io-parser 1.x/2.x writes them. */
class EnginePacketsTest {

    @Test
    void aBinaryPayloadCarriesTextPacketsAsUtf8AndBinaryMessagesAsBytes() {
        // "4é" is 3 bytes in UTF-8: kind 0, length digit 3, 0xFF; then a message of 2 bytes: kind 1,
        // length 3 (type byte + 2), 0xFF, type 4.
        byte[] payload = bytes(0, 3, 0xFF, '4', 0xC3, 0xA9, 1, 3, 0xFF, 4, 0x01, 0xFF);
        List<Packet> packets = EnginePackets.decodeV3Binary(payload);
        assertThat(packets).hasSize(2);
        assertThat(packets.get(0)).isEqualTo(new Packet('4', "é"));
        assertThat(packets.get(1).type()).isEqualTo('4');
        assertThat((byte[]) packets.get(1).data()).containsExactly(0x01, 0xFF);
        assertThat(EnginePackets.encodeV3Binary(List.of("4é", new byte[] { 0x01, (byte) 0xFF }))).isEqualTo(payload);
    }

    @Test
    void lengthsOfSeveralDigitsAreOneBytePerDigit() {
        String text = "4" + "x".repeat(119);
        byte[] encoded = EnginePackets.encodeV3Binary(List.of(text));
        assertThat(encoded).startsWith(bytes(0, 1, 2, 0, 0xFF, '4'));
        assertThat(EnginePackets.decodeV3Binary(encoded)).containsExactly(new Packet('4', text.substring(1)));
    }

    @Test
    void aWebSocketTextFrameMayCarryABase64BinaryMessage() {
        assertThat((byte[]) EnginePackets.webSocketText("b4AQID/w==", 3).data()).containsExactly(1, 2, 3, 0xFF);
        assertThat((byte[]) EnginePackets.webSocketText("bAQID/w==", 4).data()).containsExactly(1, 2, 3, 0xFF);
        assertThat(EnginePackets.webSocketText("42[\"echo\"]", 3)).isEqualTo(new Packet('4', "2[\"echo\"]"));
        assertThatThrownBy(() -> EnginePackets.webSocketText("b2AQID", 3)).isInstanceOf(EnginePackets.Malformed.class);
        assertThatThrownBy(() -> EnginePackets.webSocketText("b4!!", 3)).isInstanceOf(EnginePackets.Malformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                  // empty
            "02",                // kind 2
            "00",                // length digits never end
            "00ff34",            // no digits
            "000aff34",          // a digit over 9
            "000101010101010101010101ff34", // 11 digits
            "0002ff34",          // length past the end
            "0001ff39",          // packet type 9
            "0002ffc328",        // not UTF-8
            "0102ff0501",        // bytes that are not a message (type 5)
            "0001ff04",          // a text packet whose type is the byte 4, not the digit
            "0001ff3400",        // a good packet, then a kind byte and nothing else
    })
    void malformedBinaryPayloadsAreRefused(String hex) {
        assertThatThrownBy(() -> EnginePackets.decodeV3Binary(hex(hex))).isInstanceOf(EnginePackets.Malformed.class);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
