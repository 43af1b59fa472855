package io.obproxy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Length-encoded integers as the protocol's documentation spells them: one byte up to 250, then 0xFC, 0xFD, 0xFE. */
class LengthEncodedTest {
    @Test
    void eachFormReadsItsValueAndSize() {
        byte[] b = {(byte) 0xFA, (byte) 0xFC, 0x34, 0x12, (byte) 0xFD, 0x56, 0x34, 0x12,
            (byte) 0xFE, 0x01, 0, 0, 0, 0, 0, 0, (byte) 0x80};
        assertEquals(250, LengthEncoded.value(b, 0));
        assertEquals(1, LengthEncoded.size(b[0]));
        assertEquals(0x1234, LengthEncoded.value(b, 1));
        assertEquals(3, LengthEncoded.size(b[1]));
        assertEquals(0x123456, LengthEncoded.value(b, 4));
        assertEquals(4, LengthEncoded.size(b[4]));
        assertEquals(0x8000000000000001L, LengthEncoded.value(b, 8));
        assertEquals(9, LengthEncoded.size(b[8]));
    }
}
