package io.obproxy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key columns come in the partition expression's order, never in {@code part_key_idx}'s (the
 * column's position in the table, as OceanBase fills it); rows as LocationLoader reads them.
 */
class KeyOrderTest {
    private static final PartitionLevel.KeyColumn A = new PartitionLevel.KeyColumn("a", 5, 63);
    private static final PartitionLevel.KeyColumn B = new PartitionLevel.KeyColumn("b", 5, 63);
    private static final PartitionLevel.KeyColumn C = new PartitionLevel.KeyColumn("c", 22, 45);

    /** As read with ORDER BY part_key_idx on a table (a, b, c): a, b, c; primary key (c, b, a). */
    private static final List<KeyOrder.ReadKey> READ = List.of(new KeyOrder.ReadKey(A, 2),
            new KeyOrder.ReadKey(B, 1), new KeyOrder.ReadKey(C, 0));

    @Test
    void theExpressionGivesTheOrder() {
        assertEquals(List.of(B, A, C), KeyOrder.of("`b`,`a`,`c`", READ).keys());
        assertEquals(List.of(C, A, B), KeyOrder.of(" C , a,`B` ", READ).keys(), "case, spaces, quotes ignored");
        assertEquals("`b`,`a`,`c`", KeyOrder.of("`b`,`a`,`c`", READ).expression());
    }

    @Test
    void keyWithoutColumnsTakesThePrimaryKeysOrder() {
        KeyOrder.Ordered ordered = KeyOrder.of("", READ);
        assertEquals(List.of(C, B, A), ordered.keys());
        assertEquals("`c`,`b`,`a`", ordered.expression());
    }

    @Test
    void anExpressionOtherThanAColumnListLeavesTheKeysAsRead() {
        List<KeyOrder.ReadKey> one = List.of(new KeyOrder.ReadKey(A, 0));
        assertEquals(List.of(A), KeyOrder.of("year(`a`)", one).keys());
        assertEquals("year(`a`)", KeyOrder.of("year(`a`)", one).expression());
        assertEquals(List.of(A, B, C), KeyOrder.of("`a`,`b`", READ).keys(), "fewer names than keys");
        assertEquals(List.of(A, B, C), KeyOrder.of("`a`,`a`,`b`", READ).keys(), "a name twice");
    }

    @Test
    void hashPartitionsByPositionRangeAndListAsListed() {
        List<LocationLoader.PartitionRow> rows = List.of(new LocationLoader.PartitionRow(7, 107, "", 2),
                new LocationLoader.PartitionRow(5, 105, "", 0), new LocationLoader.PartitionRow(6, 106, "", 1));
        assertEquals(List.of(105L, 106L, 107L),
                LocationLoader.inPartitionOrder(1, rows).stream().map(LocationLoader.PartitionRow::tablet).toList());
        List<LocationLoader.PartitionRow> ranges = List.of(new LocationLoader.PartitionRow(3, 103, "10", 0),
                new LocationLoader.PartitionRow(1, 101, "20", 0), new LocationLoader.PartitionRow(2, 102, "MAXVALUE", 0));
        assertEquals(ranges, LocationLoader.inPartitionOrder(3, ranges), "part_position is 0 for RANGE: server order kept");
    }
}
