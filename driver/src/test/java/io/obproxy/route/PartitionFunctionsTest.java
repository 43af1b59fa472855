package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionFunctionsTest {
    @Test
    void hashIsAbsoluteValueModuloPartitions() throws Exception {
        assertEquals(3, PartitionFunctions.hash(PartitionKey.ofLong(13), 5));
        assertEquals(3, PartitionFunctions.hash(PartitionKey.ofLong(-13), 5));
        assertEquals(0, PartitionFunctions.hash(PartitionKey.ofNull(), 5));
        assertEquals((int) (Long.MAX_VALUE % 7), PartitionFunctions.hash(PartitionKey.ofLong(Long.MIN_VALUE), 7));
        // BIGINT UNSIGNED 2^64-1 is -1 as signed 64 bits: |-1| % 4 = 1
        assertEquals(1, PartitionFunctions.hash(PartitionKey.ofUnsigned(-1L), 4));
        assertThrows(NotRoutableException.class, () -> PartitionFunctions.hash(PartitionKey.ofString("a", 46), 4));
    }

    /** Worked by hand from the definition: one column, seed 0. */
    @Test
    void keyOfOneIntegerIsMurmurOfItsEightBytes() throws Exception {
        long h = MurmurHash64A.hashLong(12345, 0);
        assertEquals((int) (PartitionFunctions.positive(h) % 16), PartitionFunctions.key(List.of(PartitionKey.ofLong(12345)), 16));
        long nullHash = MurmurHash64A.hash(new byte[4], 0, 4, 0);
        assertEquals((int) (PartitionFunctions.positive(nullHash) % 16), PartitionFunctions.key(List.of(PartitionKey.ofNull()), 16),
                "NULL hashes as a 4-byte int 0 (OceanBase's null_hash; partition_key(NULL) printed 6960269033020761575)");
    }

    @Test
    void keyChainsTheSeedOverColumns() throws Exception {
        long h1 = MurmurHash64A.hashLong(7, 0);
        long h2 = MurmurHash64A.hash("ab".getBytes(StandardCharsets.UTF_8), h1);
        assertEquals((int) (PartitionFunctions.positive(h2) % 10),
                PartitionFunctions.key(List.of(PartitionKey.ofLong(7), PartitionKey.ofString("ab", Collations.UTF8MB4_BIN)), 10));
    }

    @Test
    void stringsStripTrailingSpacesUnderUtf8mb4BinButNotUnderBinary() throws Exception {
        int padded = PartitionFunctions.key(List.of(PartitionKey.ofString("abc  ", Collations.UTF8MB4_BIN)), 1000);
        assertEquals(PartitionFunctions.key(List.of(PartitionKey.ofString("abc", Collations.UTF8MB4_BIN)), 1000), padded);
        long binary = MurmurHash64A.hash("abc  ".getBytes(StandardCharsets.UTF_8), 0);
        assertEquals((int) (PartitionFunctions.positive(binary) % 1000),
                PartitionFunctions.key(List.of(PartitionKey.ofString("abc  ", Collations.BINARY)), 1000));
        assertEquals(PartitionFunctions.key(List.of(PartitionKey.ofString("", Collations.UTF8MB4_BIN)), 1000),
                PartitionFunctions.key(List.of(PartitionKey.ofString("   ", Collations.UTF8MB4_BIN)), 1000),
                "empty and all-space strings are the same key");
    }

    @Test
    void doublesFoldNegativeZero() throws Exception {
        assertEquals(PartitionFunctions.key(List.of(PartitionKey.ofDouble(0.0)), 97),
                PartitionFunctions.key(List.of(PartitionKey.ofDouble(-0.0)), 97));
    }

    @Test
    void unsupportedCollationIsNotRoutableWithAReason() {
        NotRoutableException e = assertThrows(NotRoutableException.class,
                () -> PartitionFunctions.key(List.of(PartitionKey.ofString("a", 224)), 4));
        assertEquals("collation 224 of a string key is not supported", e.getMessage());
    }

    @Test
    void indexIsNeverNegative() throws Exception {
        for (long v = -1000; v < 1000; v += 7) {
            int i = PartitionFunctions.key(List.of(PartitionKey.ofLong(v)), 13);
            assertEquals(true, i >= 0 && i < 13, "index " + i);
        }
    }
}
