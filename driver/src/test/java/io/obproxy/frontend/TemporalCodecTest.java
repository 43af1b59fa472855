package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class TemporalCodecTest {
    private static byte[] dateTime(String text) {
        PayloadWriter w = new PayloadWriter();
        TemporalCodec.writeDateTime(w, text);
        return Arrays.copyOf(w.array(), w.length());
    }

    private static byte[] time(String text) {
        PayloadWriter w = new PayloadWriter();
        TemporalCodec.writeTime(w, text);
        return Arrays.copyOf(w.array(), w.length());
    }

    @Test
    void dateTimesUseTheShortestOfMysqlsFourLengths() {
        assertArrayEquals(new byte[] {0}, dateTime("0000-00-00 00:00:00"));
        assertArrayEquals(new byte[] {4, (byte) 0xE9, 0x07, 11, 25}, dateTime("2025-11-25"));
        assertArrayEquals(new byte[] {7, (byte) 0xE9, 0x07, 11, 25, 13, 5, 9}, dateTime("2025-11-25 13:05:09"));
        assertArrayEquals(new byte[] {11, (byte) 0xE9, 0x07, 11, 25, 13, 5, 9, 0x40, (byte) 0xE2, 0x01, 0},
                dateTime("2025-11-25 13:05:09.123456"));
        assertArrayEquals(new byte[] {11, (byte) 0xE9, 0x07, 11, 25, 0, 0, 0, (byte) 0xA0, (byte) 0x86, 0x01, 0},
                dateTime("2025-11-25 00:00:00.1"), "a fraction counts in tenths, not millionths");
    }

    @Test
    void timesCarrySignDaysAndFraction() {
        assertArrayEquals(new byte[] {0}, time("00:00:00"));
        assertArrayEquals(new byte[] {8, 1, 1, 0, 0, 0, 2, 3, 4}, time("-26:03:04"));
        assertArrayEquals(new byte[] {12, 0, 0, 0, 0, 0, 10, 0, 0, 5, 0, 0, 0}, time("10:00:00.000005"));
    }

    @Test
    void parametersReadBackInMysqlsTextForm() {
        assertEquals("2025-11-25 13:05:09.123456",
                TemporalCodec.readDateTime(new PayloadReader(dateTime("2025-11-25 13:05:09.123456")), false));
        assertEquals("2025-11-25", TemporalCodec.readDateTime(new PayloadReader(dateTime("2025-11-25 13:05:09")), true));
        assertEquals("0000-00-00 00:00:00", TemporalCodec.readDateTime(new PayloadReader(new byte[] {0}), false));
        assertEquals(Duration.ofSeconds(-(26 * 3600 + 3 * 60 + 4)), TemporalCodec.readTime(new PayloadReader(time("-26:03:04"))));
        assertEquals(Duration.ofSeconds(838 * 3600 + 59 * 60 + 59, 500_000_000),
                TemporalCodec.readTime(new PayloadReader(time("838:59:59.5"))));
        assertEquals("-26:03:04", TemporalCodec.text(TemporalCodec.readTime(new PayloadReader(time("-26:03:04")))));
        assertEquals("838:59:59.500000", TemporalCodec.text(Duration.ofSeconds(838 * 3600 + 59 * 60 + 59, 500_000_000)));
        assertEquals("-00:00:01.000123", TemporalCodec.text(Duration.ofNanos(-1_000_123_000)));
    }

    @Test
    void aLengthNoTypeHasIsAMalformedPacket() {
        assertThrows(PayloadReader.MalformedPacketException.class,
                () -> TemporalCodec.readDateTime(new PayloadReader(new byte[] {5, 1, 2, 3, 4, 5}), false));
        assertThrows(PayloadReader.MalformedPacketException.class,
                () -> TemporalCodec.readTime(new PayloadReader(new byte[] {9, 0, 0, 0, 0, 0, 1, 2, 3, 4})));
        assertThrows(PayloadReader.MalformedPacketException.class,
                () -> TemporalCodec.readDateTime(new PayloadReader(new byte[] {7, 1, 2}), false), "shorter than it says");
    }
}
