package io.obproxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.obproxy.cluster.PartitionLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionBoundsTest {
    private static final PartitionLevel.KeyColumn BIGINT = new PartitionLevel.KeyColumn("id", 5, Collations.BINARY);
    private static final List<PartitionLevel.KeyColumn> ONE_INT = List.of(BIGINT);
    private static final List<PartitionLevel.KeyColumn> INT_AND_BIN = List.of(BIGINT,
            new PartitionLevel.KeyColumn("name", 22, Collations.UTF8MB4_BIN));

    private static List<List<PartitionKey>> bounds(List<PartitionLevel.KeyColumn> collations, String... texts)
            throws Exception {
        List<List<PartitionKey>> out = new ArrayList<>();
        for (String t : texts) {
            out.add(PartitionBounds.parseTuple(t, collations));
        }
        return out;
    }

    private static List<PartitionKey> key(long v) {
        return List.of(PartitionKey.ofLong(v));
    }

    @Test
    void rangeTakesTheFirstPartitionWhoseBoundIsStrictlyGreater() throws Exception {
        List<List<PartitionKey>> b = bounds(ONE_INT, "-100", "0", "100", "MAXVALUE");
        assertEquals(0, PartitionBounds.rangeIndex(b, key(Long.MIN_VALUE)));
        assertEquals(0, PartitionBounds.rangeIndex(b, key(-101)));
        assertEquals(1, PartitionBounds.rangeIndex(b, key(-100)), "upper bound exclusive");
        assertEquals(2, PartitionBounds.rangeIndex(b, key(99)));
        assertEquals(3, PartitionBounds.rangeIndex(b, key(100)));
        assertEquals(3, PartitionBounds.rangeIndex(b, key(Long.MAX_VALUE)));
        assertEquals(0, PartitionBounds.rangeIndex(b, List.of(PartitionKey.ofNull())), "NULL sorts first");
    }

    @Test
    void rangeWithoutMaxvalueIsNotRoutableAboveTheLastBound() throws Exception {
        List<List<PartitionKey>> b = bounds(ONE_INT, "10", "20");
        NotRoutableException e = assertThrows(NotRoutableException.class, () -> PartitionBounds.rangeIndex(b, key(20)));
        assertEquals("no partition takes [20] (no MAXVALUE partition)", e.getMessage());
    }

    @Test
    void rangeColumnsCompareColumnByColumn() throws Exception {
        List<List<PartitionKey>> b = bounds(INT_AND_BIN, "10,'m'", "10,MAXVALUE", "MAXVALUE,MAXVALUE");
        assertEquals(0, PartitionBounds.rangeIndex(b, List.of(PartitionKey.ofLong(10), PartitionKey.ofString("a", 46))));
        assertEquals(1, PartitionBounds.rangeIndex(b, List.of(PartitionKey.ofLong(10), PartitionKey.ofString("m", 46))));
        assertEquals(1, PartitionBounds.rangeIndex(b, List.of(PartitionKey.ofLong(10), PartitionKey.ofString("m  ", 46))),
                "trailing spaces do not count under utf8mb4_bin");
        assertEquals(0, PartitionBounds.rangeIndex(b, List.of(PartitionKey.ofLong(9), PartitionKey.ofString("zzz", 46))));
        assertEquals(2, PartitionBounds.rangeIndex(b, List.of(PartitionKey.ofLong(11), PartitionKey.ofString("", 46))));
    }

    @Test
    void listMatchesExactlyThenFallsBackToDefault() throws Exception {
        List<List<List<PartitionKey>>> lists = new ArrayList<>();
        lists.add(PartitionBounds.parseList("(1),(2)", ONE_INT));
        lists.add(PartitionBounds.parseList("(3)", ONE_INT));
        lists.add(PartitionBounds.parseList("default", ONE_INT));
        assertNull(lists.get(2));
        assertEquals(0, PartitionBounds.listIndex(lists, key(2)));
        assertEquals(1, PartitionBounds.listIndex(lists, key(3)));
        assertEquals(2, PartitionBounds.listIndex(lists, key(42)));
        lists.remove(2);
        assertThrows(NotRoutableException.class, () -> PartitionBounds.listIndex(lists, key(42)));
    }

    @Test
    void listColumnsWithStringsAndEscapes() throws Exception {
        List<List<List<PartitionKey>>> lists = List.of(
                PartitionBounds.parseList("(1,'it''s'),(2,'a\\\\b')", INT_AND_BIN),
                PartitionBounds.parseList("(1,'x,y')", INT_AND_BIN));
        assertEquals(0, PartitionBounds.listIndex(lists, List.of(PartitionKey.ofLong(1), PartitionKey.ofString("it's", 46))));
        assertEquals(0, PartitionBounds.listIndex(lists, List.of(PartitionKey.ofLong(2), PartitionKey.ofString("a\\b", 46))));
        assertEquals(1, PartitionBounds.listIndex(lists, List.of(PartitionKey.ofLong(1), PartitionKey.ofString("x,y", 46))));
    }

    @Test
    void unsignedAndDecimalBounds() throws Exception {
        List<List<PartitionKey>> b = bounds(List.of(new PartitionLevel.KeyColumn("u", 10, Collations.BINARY)),
                "9223372036854775808", "MAXVALUE");
        assertEquals(PartitionKey.ofUnsigned(Long.MIN_VALUE), b.get(0).get(0));
        assertEquals(0, PartitionBounds.rangeIndex(b, List.of(PartitionKey.ofUnsigned(Long.MAX_VALUE))));
        assertEquals(1, PartitionBounds.rangeIndex(b, List.of(PartitionKey.ofUnsigned(-1L))));
        List<List<PartitionKey>> d = bounds(List.of(new PartitionLevel.KeyColumn("d", 15, Collations.BINARY)),
                "10.5", "MAXVALUE");
        assertEquals(0, PartitionBounds.rangeIndex(d, key(10)));
        assertEquals(0, PartitionBounds.rangeIndex(d, List.of(PartitionKey.ofDecimal(new java.math.BigDecimal("10.49")))));
        assertEquals(1, PartitionBounds.rangeIndex(d, List.of(PartitionKey.ofDecimal(new java.math.BigDecimal("10.50")))));
        assertEquals(1, PartitionBounds.rangeIndex(d, key(11)));
        assertThrows(NotRoutableException.class, () -> PartitionBounds.parseTuple("9223372036854775808", ONE_INT),
                "a signed BIGINT cannot hold 2^63");
    }

    @Test
    void badBoundsAreNotRoutableWithAReason() {
        assertEquals("bound '1,2' has 2 values for 1 key columns",
                assertThrows(NotRoutableException.class, () -> PartitionBounds.parseTuple("1,2", ONE_INT)).getMessage());
        assertThrows(NotRoutableException.class, () -> PartitionBounds.parseTuple("abc", ONE_INT));
    }
}
