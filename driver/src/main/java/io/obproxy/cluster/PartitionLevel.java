package io.obproxy.cluster;

import java.util.List;

/**
 * One level of a table's partitioning, as OceanBase's metadata describes it.
 *
 * @param type       {@code part_type} (HASH 0, KEY 1, KEY_IMPLICIT 2, RANGE 3, RANGE_COLUMNS 4, LIST 5,
 *                   LIST_COLUMNS 6, INTERVAL 7)
 * @param expression {@code part_expr} / {@code sub_part_expr}: the partitioning expression as text,
 *                   a column list for KEY and the COLUMNS forms (for {@code KEY()}, whose expression
 *                   OceanBase may leave empty, the primary key's columns: see {@link KeyOrder})
 * @param keys       the key columns, in key order (the expression's order, never {@code part_key_idx}'s)
 * @param highBounds per partition, {@code high_bound_val} (empty for HASH and KEY)
 * @param tabletIds  per partition, its tablet, or 0 where the partition has sub-partitions
 */
public record PartitionLevel(int type, String expression, List<KeyColumn> keys, List<String> highBounds,
                             List<Long> tabletIds) {
    /**
     * A key column: name, {@code ObObjType} code, collation id, the expression of a generated
     * column ({@code part_key_extra}; empty for a stored column), for DECIMAL columns their
     * precision and scale ({@code part_key_precision}, {@code part_key_scale}; -1 where unknown),
     * and the column's length ({@code part_key_length}: characters of a CHAR/BINARY/VARCHAR column,
     * which BINARY(n) pads to; -1 where unknown).
     */
    public record KeyColumn(String name, int obType, int collation, String generated, int precision, int scale,
                            int length) {
        /** A stored (not generated) column of a type without precision and scale. */
        public KeyColumn(String name, int obType, int collation) {
            this(name, obType, collation, "");
        }

        /** A column of a type without precision and scale. */
        public KeyColumn(String name, int obType, int collation, String generated) {
            this(name, obType, collation, generated, -1, -1);
        }

        /** A column whose length is unknown. */
        public KeyColumn(String name, int obType, int collation, String generated, int precision, int scale) {
            this(name, obType, collation, generated, precision, scale, -1);
        }
    }

    /** A level whose expression is its key columns, as the COLUMNS forms and plain HASH(col) have. */
    public PartitionLevel(int type, List<KeyColumn> keys, List<String> highBounds, List<Long> tabletIds) {
        this(type, String.join(",", keys.stream().map(KeyColumn::name).toList()), keys, highBounds, tabletIds);
    }

    public int count() {
        return highBounds.size();
    }
}
