package io.obproxy.route;

import io.obproxy.cluster.PartitionLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * RANGE / RANGE COLUMNS and LIST / LIST COLUMNS partition lookup, with bounds parsed from
 * OceanBase's literal text ({@code high_bound_val}): {@code 100}, {@code MAXVALUE},
 * {@code 100,'abc'}, lists {@code (1),(2)} or {@code (1,'a'),(2,'b')}, and {@code default}.
 *
 * <p>RANGE: partitions in bound order; a key belongs to the first partition whose high bound is
 * strictly greater (tuples compare column by column; MAXVALUE is above everything; NULL below).
 * LIST: exact match, else the DEFAULT partition, else not routable. A parsed bound holds one
 * {@link PartitionKey} per column, null standing for MAXVALUE.
 */
final class PartitionBounds {
    private PartitionBounds() {
    }

    /**
     * Parses one tuple of literals, each converted to its key column's type.
     *
     * @param columns the key columns, in key order
     */
    public static List<PartitionKey> parseTuple(String text, List<PartitionLevel.KeyColumn> columns)
            throws NotRoutableException {
        List<String> literals = splitTopLevel(text.trim());
        if (literals.size() != columns.size()) {
            throw new NotRoutableException("bound '" + text + "' has " + literals.size() + " values for "
                    + columns.size() + " key columns");
        }
        List<PartitionKey> tuple = new ArrayList<>(literals.size());
        for (int i = 0; i < literals.size(); i++) {
            String literal = literals.get(i);
            tuple.add(literal.equalsIgnoreCase("MAXVALUE") ? null
                    : PartitionKeys.of(PartitionKeys.literal(literal), columns.get(i)));
        }
        return tuple;
    }

    /** @return the tuples of a LIST partition's value text, or null for {@code default} */
    public static List<List<PartitionKey>> parseList(String text, List<PartitionLevel.KeyColumn> columns)
            throws NotRoutableException {
        if (text.trim().equalsIgnoreCase("default")) {
            return null;
        }
        List<List<PartitionKey>> tuples = new ArrayList<>();
        for (String item : splitTopLevel(text.trim())) {
            String inner = item.startsWith("(") && item.endsWith(")") ? item.substring(1, item.length() - 1) : item;
            tuples.add(parseTuple(inner, columns));
        }
        return tuples;
    }

    /** @return the RANGE partition index of {@code key}, given the partitions' high bounds in order */
    public static int rangeIndex(List<List<PartitionKey>> highBounds, List<PartitionKey> key) throws NotRoutableException {
        for (int i = 0; i < highBounds.size(); i++) {
            if (compareTuple(key, highBounds.get(i)) < 0) {
                return i;
            }
        }
        throw new NotRoutableException("no partition takes " + key + " (no MAXVALUE partition)");
    }

    /**
     * @param lists per partition, its value tuples, or null for the DEFAULT partition
     * @return the LIST partition index of {@code key}
     */
    public static int listIndex(List<List<List<PartitionKey>>> lists, List<PartitionKey> key) throws NotRoutableException {
        int defaultIndex = -1;
        for (int i = 0; i < lists.size(); i++) {
            List<List<PartitionKey>> values = lists.get(i);
            if (values == null) {
                defaultIndex = i;
                continue;
            }
            for (List<PartitionKey> value : values) {
                if (compareTuple(key, value) == 0) {
                    return i;
                }
            }
        }
        if (defaultIndex < 0) {
            throw new NotRoutableException("no partition lists " + key + " and there is no DEFAULT partition");
        }
        return defaultIndex;
    }

    static int compareTuple(List<PartitionKey> key, List<PartitionKey> bound) throws NotRoutableException {
        for (int i = 0; i < key.size(); i++) {
            PartitionKey b = bound.get(i);
            if (b == null) {
                return -1; // MAXVALUE: above every value
            }
            int c = compare(key.get(i), b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Compares two values of one column: NULL lowest, numbers exactly (integers of either sign,
     * doubles, decimals), strings by their collation ({@link Collations}), bytes unsigned.
     */
    static int compare(PartitionKey a, PartitionKey b) throws NotRoutableException {
        if (a.isNull() || b.isNull()) {
            return Boolean.compare(!a.isNull(), !b.isNull());
        }
        if (a.isNumber() && b.isNumber()) {
            if (a.kind() == b.kind() && a.kind() == PartitionKey.Kind.INTEGER) {
                return Long.compare(a.bits(), b.bits());
            }
            if (a.kind() == b.kind() && a.kind() == PartitionKey.Kind.UNSIGNED) {
                return Long.compareUnsigned(a.bits(), b.bits());
            }
            return a.decimal().compareTo(b.decimal());
        }
        if (a.kind() == PartitionKey.Kind.STRING && b.kind() == PartitionKey.Kind.STRING) {
            return Collations.compare(a.string(), b.string(), a.collation());
        }
        if (!a.isNumber() && !b.isNumber()) {
            return java.util.Arrays.compareUnsigned(bytesOf(a), bytesOf(b));
        }
        throw new NotRoutableException("cannot compare " + a + " with " + b);
    }

    private static byte[] bytesOf(PartitionKey k) {
        return k.kind() == PartitionKey.Kind.BYTES ? k.bytes() : k.utf8();
    }

    /** Splits at commas outside quotes and parentheses; trims the items. */
    static List<String> splitTopLevel(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        items.add(text.substring(start).trim());
        return items;
    }
}
