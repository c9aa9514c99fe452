package dev.hibiki.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

/** The wire frame a fan-out shares is a valid, final, unmasked text frame of exactly the payload. */
class WireFrameTest {

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 125, 126, 127, 65_535, 65_536, 200_000 })
    void frameHeaderCarriesThePayloadLengthInTheSmallestForm(int bytes) {
        String text = "x".repeat(bytes);
        ByteBuf frame = WireFrame.of(text).wireFrame(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat((int) frame.readUnsignedByte()).as("FIN + text opcode").isEqualTo(0x81);
            int second = frame.readUnsignedByte();
            assertThat(second & 0x80).as("server frames are not masked").isZero();
            long length = second & 0x7F;
            if (bytes < 126) {
                assertThat(length).isEqualTo(bytes);
            } else if (bytes <= 0xFFFF) {
                assertThat(length).isEqualTo(126);
                length = frame.readUnsignedShort();
            } else {
                assertThat(length).isEqualTo(127);
                length = frame.readLong();
            }
            assertThat(length).isEqualTo(bytes);
            assertThat(frame.readableBytes()).isEqualTo(bytes);
            assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo(text);
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "é", "€", "𝄞", "日本語" })
    void lengthCountsUtf8BytesNotCharacters(String unit) {
        String text = unit.repeat(50);
        WireFrame encoded = WireFrame.of(text);
        int payload = text.getBytes(StandardCharsets.UTF_8).length;
        ByteBuf frame = encoded.wireFrame(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(encoded.wireSize()).isEqualTo(frame.readableBytes());
            int header = payload < 126 ? 2 : 4;
            assertThat(frame.readableBytes()).isEqualTo(header + payload);
            assertThat(frame.toString(header, payload, StandardCharsets.UTF_8)).isEqualTo(text);
        } finally {
            frame.release();
        }
    }

    @Test
    void aDialectTranslatesAFrameOnceHoweverManyPeersReadIt() {
        AtomicInteger calls = new AtomicInteger();
        Dialect upper = frame -> {
            calls.incrementAndGet();
            return WireFrame.of(frame.text().toUpperCase());
        };
        Dialect silent = frame -> null;
        WireFrame frame = WireFrame.of("{\"type\":\"tick\"}");

        WireFrame first = frame.in(upper);
        for (int i = 0; i < 1000; i++) {
            assertThat(frame.in(upper)).isSameAs(first);
            assertThat(frame.in(silent)).isNull();
        }
        assertThat(first.text()).isEqualTo("{\"TYPE\":\"TICK\"}");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFrameOfSeveralPartsIsOneWebSocketFrameEachInOrder() {
        byte[] attachment = { 1, 2, 3 };
        WireFrame frame = WireFrame.ofParts(List.of("451-[\"file\",{\"_placeholder\":true,\"num\":0}]", attachment));
        ByteBuf wire = frame.wireFrame(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(frame.wireSize()).isEqualTo(wire.readableBytes());
            assertThat((int) wire.readUnsignedByte()).as("FIN + text").isEqualTo(0x81);
            int text = wire.readUnsignedByte();
            assertThat(wire.readSlice(text).toString(StandardCharsets.UTF_8)).startsWith("451-");
            assertThat((int) wire.readUnsignedByte()).as("FIN + binary").isEqualTo(0x82);
            assertThat((int) wire.readUnsignedByte()).isEqualTo(3);
            byte[] read = new byte[3];
            wire.readBytes(read);
            assertThat(read).containsExactly(attachment);
            assertThat(wire.readableBytes()).isZero();
        } finally {
            wire.release();
        }
    }
}
