package io.obproxy.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One level of a table's partitioning as OceanBase describes it: a function, its key columns and
 * its partitions. Bounds are OceanBase's literal text, exactly as {@code high_bound_val} shows
 * them.
 *
 * <p>Bound formats: RANGE {@code "100"} or {@code "MAXVALUE"}; RANGE COLUMNS one value per column,
 * {@code "100,'abc'"}; LIST the values of one partition, {@code "1,2,3"} (shown so, as OceanBase
 * prints {@code high_bound_val}); LIST COLUMNS tuples, {@code "(1,'a'),(2,'b')"}; for either LIST
 * form {@code "DEFAULT"} (any case) makes the default partition, shown {@code DEFAULT}.
 */
public final class Partitioning {
    private static final String DEFAULT_LIST = "DEFAULT";

    private final PartType type;
    private final List<String> columns;
    private final int count;
    private final List<String> bounds;

    private Partitioning(PartType type, List<String> columns, int count, List<String> bounds) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(type + ": at least one key column is needed");
        }
        for (String column : columns) {
            if (!column.matches("[A-Za-z_][A-Za-z0-9_$]{0,63}")) {
                throw new IllegalArgumentException(type + ": key column '" + column
                        + "' (expected: a plain column name)");
            }
        }
        if (count < 1 || count > 8192) {
            throw new IllegalArgumentException(type + ": " + count + " partitions (expected: 1..8192)");
        }
        this.type = type;
        this.columns = List.copyOf(columns);
        this.count = count;
        this.bounds = List.copyOf(bounds);
    }

    /** {@code PARTITION BY HASH(column) PARTITIONS n}. */
    public static Partitioning hash(String column, int partitions) {
        return new Partitioning(PartType.HASH, List.of(column), partitions, List.of());
    }

    /** {@code PARTITION BY KEY(columns...) PARTITIONS n}. */
    public static Partitioning key(int partitions, String... columns) {
        return new Partitioning(PartType.KEY, List.of(columns), partitions, List.of());
    }

    /** {@code PARTITION BY RANGE(column)}, one partition per high bound, in ascending order. */
    public static Partitioning range(String column, String... highBounds) {
        return bounded(PartType.RANGE, List.of(column), highBounds);
    }

    /** {@code PARTITION BY RANGE COLUMNS(columns...)}, one partition per high-bound tuple. */
    public static Partitioning rangeColumns(List<String> columns, String... highBounds) {
        return bounded(PartType.RANGE_COLUMNS, columns, highBounds);
    }

    /** {@code PARTITION BY LIST(column)}, one partition per value list (or {@code "DEFAULT"}). */
    public static Partitioning list(String column, String... valueLists) {
        return bounded(PartType.LIST, List.of(column), valueLists);
    }

    /** {@code PARTITION BY LIST COLUMNS(columns...)}, one partition per tuple list (or {@code "DEFAULT"}). */
    public static Partitioning listColumns(List<String> columns, String... tupleLists) {
        return bounded(PartType.LIST_COLUMNS, columns, tupleLists);
    }

    private static Partitioning bounded(PartType type, List<String> columns, String... bounds) {
        List<String> rendered = new ArrayList<>(bounds.length);
        for (String bound : bounds) {
            Objects.requireNonNull(bound, "bound");
            rendered.add(render(type, columns.size(), bound.trim()));
        }
        return new Partitioning(type, columns, bounds.length, rendered);
    }

    private static String render(PartType type, int columns, String bound) {
        if (bound.isEmpty()) {
            throw new IllegalArgumentException(type + ": empty bound");
        }
        List<String> values = LiteralList.split(bound); // also rejects unbalanced quotes
        switch (type) {
            case RANGE:
                if (values.size() != 1) {
                    throw new IllegalArgumentException(type + ": bound '" + bound + "' (expected: one value)");
                }
                return bound.equalsIgnoreCase("MAXVALUE") ? "MAXVALUE" : bound;
            case RANGE_COLUMNS:
                if (values.size() != columns) {
                    throw new IllegalArgumentException(type + ": bound '" + bound + "' has " + values.size()
                            + " values (expected: " + columns + ")");
                }
                List<String> normalised = new ArrayList<>(values.size());
                for (String value : values) {
                    normalised.add(value.equalsIgnoreCase("MAXVALUE") ? "MAXVALUE" : value);
                }
                return String.join(",", normalised);
            case LIST:
                if (bound.equalsIgnoreCase(DEFAULT_LIST)) {
                    return DEFAULT_LIST;
                }
                return String.join(",", values);
            case LIST_COLUMNS:
                return bound.equalsIgnoreCase(DEFAULT_LIST) ? DEFAULT_LIST : bound;
            default:
                throw new IllegalStateException("no bounds for " + type);
        }
    }

    public PartType type() {
        return type;
    }

    /** @return the key columns, in key order */
    public List<String> columns() {
        return columns;
    }

    /** @return the number of partitions at this level */
    public int count() {
        return count;
    }

    /** @return the {@code high_bound_val} of each partition, empty strings for HASH and KEY */
    public List<String> highBounds() {
        return type.isHashLike() ? Collections.nCopies(count, "") : bounds;
    }

    /** @return the partition expression as OceanBase prints it: the column list, backquoted ({@code `b`,`a`}) */
    public String expression() {
        return String.join(",", columns.stream().map(c -> "`" + c + "`").toList());
    }

    @Override
    public String toString() {
        return type + "(" + String.join(",", columns) + ") x" + count;
    }
}
