package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollationsTest {
    @Test
    void generalCiWeightsFoldCaseAndAccents() {
        assertEquals(0x41, Collations.generalCiWeight('a'));
        assertEquals(0x41, Collations.generalCiWeight('A'));
        assertEquals(0x41, Collations.generalCiWeight('\u00e0')); // a grave
        assertEquals(0x45, Collations.generalCiWeight('\u00e9')); // e acute
        assertEquals(0x53, Collations.generalCiWeight('\u00df')); // sharp s weighs as S
        assertEquals(0x39c, Collations.generalCiWeight('\u00b5')); // micro sign weighs as Greek capital mu
        assertEquals('1', Collations.generalCiWeight('1'));
        assertEquals(0x4e2d, Collations.generalCiWeight('\u4e2d')); // CJK: itself
        assertEquals(0xFFFD, Collations.generalCiWeight(0x1F600)); // above the BMP
    }

    @Test
    void padSpaceComparisons() throws Exception {
        assertEquals(0, Collations.compare("abc", "ABC  ", Collations.UTF8MB4_GENERAL_CI));
        assertTrue(Collations.compare("abc", "ABD", Collations.UTF8MB4_GENERAL_CI) < 0);
        assertTrue(Collations.compare("abc", "ABC", Collations.UTF8MB4_BIN) > 0);
        assertEquals(0, Collations.compare("abc", "abc ", Collations.UTF8MB4_BIN));
        assertTrue(Collations.compare("a", "a\t", Collations.UTF8MB4_BIN) > 0, "pad space: 'a ' is above 'a\\t'");
        assertTrue(Collations.compare("abc", "abc ", Collations.BINARY) < 0, "binary counts every byte");
    }

    @Test
    void generalCiKeyHashIgnoresCaseAndTrailingSpaces() throws Exception {
        int p = PartitionFunctions.key(List.of(PartitionKey.ofString("Hello", Collations.UTF8MB4_GENERAL_CI)), 1024);
        assertEquals(p, PartitionFunctions.key(List.of(PartitionKey.ofString("HELLO  ", Collations.UTF8MB4_GENERAL_CI)), 1024));
        assertNotEquals(PartitionFunctions.key(List.of(PartitionKey.ofString("Hello", Collations.UTF8MB4_BIN)), 1 << 20),
                PartitionFunctions.key(List.of(PartitionKey.ofString("HELLO", Collations.UTF8MB4_BIN)), 1 << 20));
    }

    @Test
    void generalCiHashIsMurmurOverLittleEndianWeightsIn128ByteChunks() {
        String s = "a".repeat(70); // 140 bytes of weights: one full buffer of 64 weights, then 6
        byte[] full = new byte[128];
        for (int i = 0; i < 128; i += 2) {
            full[i] = 0x41;
        }
        byte[] tail = {0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0x41, 0};
        long expected = MurmurHash64A.hash(tail, 0, tail.length, MurmurHash64A.hash(full, 0, full.length, 7));
        assertEquals(expected, Collations.hashGeneralCi(s, 7));
        assertEquals(7, Collations.hashGeneralCi("   ", 7), "empty after stripping: no hash, the seed passes (ob_hash_sort_utf8mb4)");
        byte[] oneFull = java.util.Arrays.copyOf(full, 128);
        assertEquals(MurmurHash64A.hash(oneFull, 0, 128, 7), Collations.hashGeneralCi("a".repeat(64), 7),
                "exactly 64 weights: one hash, no empty second one");
    }
}
