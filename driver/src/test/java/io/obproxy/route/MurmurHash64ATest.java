package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MurmurHash64ATest {
    private static long hash(String s, long seed) {
        return MurmurHash64A.hash(s.getBytes(StandardCharsets.UTF_8), seed);
    }

    /** Values published with independent MurmurHash64A implementations. */
    @Test
    void publishedVectors() {
        assertEquals(0L, hash("", 0));
        assertEquals(0x83fdaf4a6d0d3d9L, hash("fransisco", 1));
        assertEquals(0x41da53fdabaf04c8L, hash("aaaa", 0x9747b28cL));
        assertEquals(Long.parseUnsignedLong("15828218858260124487"), hash("hash me", 22));
        assertEquals(Long.parseUnsignedLong("11490980199443804233"), hash("hash me", 330));
    }

    @Test
    void longShortcutEqualsHashingItsLittleEndianBytes() {
        for (long v : new long[] {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L}) {
            byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
            for (long seed : new long[] {0, 7, -3}) {
                assertEquals(MurmurHash64A.hash(bytes, seed), MurmurHash64A.hashLong(v, seed), v + "/" + seed);
            }
        }
    }

    @Test
    void offsetAndLengthSelectTheBytes() {
        byte[] data = "xxhash mezz".getBytes(StandardCharsets.UTF_8);
        assertEquals(hash("hash me", 22), MurmurHash64A.hash(data, 2, 7, 22));
    }
}
