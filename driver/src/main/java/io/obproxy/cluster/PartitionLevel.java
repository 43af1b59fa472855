package io.obproxy.cluster;

import java.util.List;

/**
 * One level of a table's partitioning, as OceanBase's metadata describes it.
 *
 * @param type       {@code part_type} (HASH 0, KEY 1, KEY_IMPLICIT 2, RANGE 3, RANGE_COLUMNS 4, LIST 5,
 *                   LIST_COLUMNS 6, INTERVAL 7)
 * @param keys       the key columns, in key order
 * @param highBounds per partition, {@code high_bound_val} (empty for HASH and KEY)
 * @param tabletIds  per partition, its tablet, or 0 where the partition has sub-partitions
 */
public record PartitionLevel(int type, List<KeyColumn> keys, List<String> highBounds, List<Long> tabletIds) {
    /** A key column: name, {@code ObObjType} code and collation id. */
    public record KeyColumn(String name, int obType, int collation) {
    }

    public int count() {
        return highBounds.size();
    }
}
