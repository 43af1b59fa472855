package io.obproxy.frontend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PayloadReaderTest {
    @Test
    void whatTheWriterWritesTheReaderReads() {
        PayloadWriter w = new PayloadWriter().int1(0xFE).int2(0xBEEF).int3(0xABCDEF).int4(0xFFFFFFFFL).int8(-2)
                .lenencInt(250).lenencInt(251).lenencInt(0x10000).lenencInt(1L << 40).lenencString("héllo")
                .nulString("db").int1(0xFB);
        PayloadReader r = new PayloadReader(Arrays.copyOf(w.array(), w.length()));
        assertEquals(0xFE, r.int1());
        assertEquals(0xBEEF, r.int2());
        assertEquals(0xABCDEF, r.int3());
        assertEquals(0xFFFFFFFFL, r.int4());
        assertEquals(-2, r.int8());
        assertEquals(250, r.lenencInt());
        assertEquals(251, r.lenencInt(), "251 needs the 0xFC form: 0xFB alone is NULL");
        assertEquals(0x10000, r.lenencInt());
        assertEquals(1L << 40, r.lenencInt());
        assertEquals("héllo", new String(r.lenencBytes(), StandardCharsets.UTF_8));
        assertEquals("db", r.nulString());
        assertNull(r.lenencBytes(), "0xFB is NULL");
        assertEquals(0, r.remaining());
    }

    @Test
    void readingPastTheEndIsAMalformedPacket() {
        PayloadReader r = new PayloadReader(new byte[] {3, 'a'});
        PayloadReader.MalformedPacketException e = assertThrows(PayloadReader.MalformedPacketException.class, r::lenencBytes);
        assertEquals("a string of 3 bytes in 1", e.getMessage());
        assertThrows(PayloadReader.MalformedPacketException.class, () -> new PayloadReader(new byte[] {1}).int4());
    }

    @Test
    void aStringWithoutItsNulEndsWithThePacket() {
        PayloadReader r = new PayloadReader("root".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals("root".getBytes(StandardCharsets.US_ASCII), r.nulBytes());
        assertEquals(0, r.remaining());
    }

    @Test
    void aLengthOverSignedRangeIsMalformedNotNull() {
        byte[] b = {(byte) 0xFE, -1, -1, -1, -1, -1, -1, -1, -1};
        assertThrows(PayloadReader.MalformedPacketException.class, () -> new PayloadReader(b).lenencBytes());
    }
}
