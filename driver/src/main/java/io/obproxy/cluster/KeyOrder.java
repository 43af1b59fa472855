package io.obproxy.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Puts one partition level's key columns in key order, the order the partition function hashes
 * or compares them in.
 *
 * <p>Why not {@code part_key_idx}: OceanBase fills it with the column's position in the table
 * ({@code table_schema.get_column_idx(column_id, true)} in
 * src/observer/virtual_table/ob_all_virtual_proxy_partition_info.cpp, case PART_KEY_IDX), so
 * {@code KEY(b,a)} on a table declared {@code (a, b)} lists {@code a} first. ODP takes the key order
 * from the level's expression instead ({@code ObRouteUtils::split_part_expr} on {@code part_expr},
 * then each key's {@code idx_in_part_columns_}, obproxy src/obproxy/proxy/route/ob_route_utils.cpp).
 * So does this class: the expression's column names ({@code `b`,`a`}, backquotes and spaces
 * ignored) give the order. An expression that is not a plain column list (a function of columns)
 * leaves the keys as read; the router then says it does not compute that expression. An empty
 * expression ({@code KEY()}, the primary key) orders the keys by their place in the primary key
 * ({@code part_key_rowkey_idx}) and makes the expression that list.
 */
final class KeyOrder {
    /** A key column as read, with its place in the primary key ({@code part_key_rowkey_idx}, -1 if none). */
    record ReadKey(PartitionLevel.KeyColumn column, long rowkeyIndex) {
    }

    /** The level's keys in key order and its expression. */
    record Ordered(List<PartitionLevel.KeyColumn> keys, String expression) {
    }

    private KeyOrder() {
    }

    static Ordered of(String expression, List<ReadKey> read) {
        if (expression.isBlank()) {
            List<ReadKey> byRowkey = new ArrayList<>(read);
            byRowkey.sort(Comparator.comparingLong(ReadKey::rowkeyIndex));
            List<PartitionLevel.KeyColumn> keys = byRowkey.stream().map(ReadKey::column).toList();
            return new Ordered(keys, String.join(",", keys.stream().map(k -> "`" + k.name() + "`").toList()));
        }
        List<PartitionLevel.KeyColumn> asRead = read.stream().map(ReadKey::column).toList();
        List<String> names = columnNames(expression);
        if (names.size() != asRead.size()) {
            return new Ordered(asRead, expression);
        }
        List<PartitionLevel.KeyColumn> ordered = new ArrayList<>(names.size());
        for (String name : names) {
            PartitionLevel.KeyColumn key = asRead.stream().filter(k -> k.name().equalsIgnoreCase(name)).findFirst()
                    .orElse(null);
            if (key == null || ordered.contains(key)) {
                return new Ordered(asRead, expression);
            }
            ordered.add(key);
        }
        return new Ordered(List.copyOf(ordered), expression);
    }

    /** @return the names of a comma-separated column list, unquoted; empty when the text is anything else */
    static List<String> columnNames(String expression) {
        List<String> names = new ArrayList<>();
        for (String part : expression.split(",", -1)) {
            String name = part.trim();
            if (name.length() > 1 && name.startsWith("`") && name.endsWith("`")) {
                name = name.substring(1, name.length() - 1).replace("``", "`");
            } else if (!name.matches("[A-Za-z0-9_$]+")) {
                return List.of();
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
