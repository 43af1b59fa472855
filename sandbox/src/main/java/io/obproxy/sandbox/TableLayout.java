package io.obproxy.sandbox;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * How the sandbox describes one table in its OceanBase metadata: partitioning (none, one level,
 * or two levels with sub-partitions defined per partition, as OceanBase 4.x does) and, optionally,
 * the leader node of each tablet. The MariaDB table itself stays unpartitioned.
 *
 * <p>Tablets are numbered in partition order (sub-partitions within their partition); without
 * explicit leaders, tablet {@code k} is led by node {@code k % nodes + 1} (round robin). Every node
 * holds a full replica of every tablet (OceanBase's usual one-replica-per-zone locality).
 */
public final class TableLayout {
    private final String database;
    private final String table;
    private final Partitioning partitioning;
    private final IntFunction<Partitioning> subpartitioning;
    private final int[] leaders;

    private TableLayout(String database, String table, Partitioning partitioning,
                        IntFunction<Partitioning> subpartitioning, int[] leaders) {
        this.database = database;
        this.table = table;
        this.partitioning = partitioning;
        this.subpartitioning = subpartitioning;
        this.leaders = leaders;
    }

    /** A table with one tablet. */
    public static TableLayout nonPartitioned(String database, String table) {
        return new TableLayout(name("database", database), name("table", table), null, null, null);
    }

    /** A table partitioned at one level. */
    public static TableLayout partitioned(String database, String table, Partitioning partitioning) {
        return new TableLayout(name("database", database), name("table", table),
                Objects.requireNonNull(partitioning, "partitioning"), null, null);
    }

    /** @return this layout with the same sub-partitioning under every partition */
    public TableLayout subpartitioned(Partitioning sub) {
        Objects.requireNonNull(sub, "sub");
        return subpartitioned(part -> sub);
    }

    /** @return this layout with sub-partitioning chosen per partition index (non-template) */
    public TableLayout subpartitioned(IntFunction<Partitioning> subByPartition) {
        if (partitioning == null) {
            throw new IllegalStateException(table + ": a non-partitioned table has no sub-partitions");
        }
        return new TableLayout(database, table, partitioning, Objects.requireNonNull(subByPartition), leaders);
    }

    /** @return this layout with the leader node (1-based) of every tablet, in tablet order */
    public TableLayout leaders(int... nodePerTablet) {
        return new TableLayout(database, table, partitioning, subpartitioning, nodePerTablet.clone());
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    /** @return the first level, or null for a non-partitioned table */
    public Partitioning partitioning() {
        return partitioning;
    }

    /** @return the sub-partitioning of partition {@code part}, or null when there is none */
    public Partitioning subpartitioning(int part) {
        return subpartitioning == null ? null : subpartitioning.apply(part);
    }

    /** @return explicit leaders per tablet, or null for round robin */
    int[] explicitLeaders() {
        return leaders;
    }

    @Override
    public String toString() {
        return database + "." + table + (partitioning == null ? " (one tablet)" : " " + partitioning
                + (subpartitioning == null ? "" : " with sub-partitions"));
    }

    private static String name(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!value.matches("[A-Za-z0-9_$]{1,64}")) {
            throw new IllegalArgumentException(what + ": '" + value + "' (expected: 1..64 of A-Z a-z 0-9 _ $)");
        }
        return value.toLowerCase(java.util.Locale.ROOT); // lower_case_table_names=1, as OceanBase
    }
}
