package io.obproxy.route;

import java.util.ArrayList;
import java.util.Arrays;
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
public final class PartitionBounds {
    private PartitionBounds() {
    }

    /**
     * Parses one tuple of literals.
     *
     * @param collations per column, the collation of its string literals
     */
    public static List<PartitionKey> parseTuple(String text, List<Integer> collations) throws NotRoutableException {
        List<String> literals = splitTopLevel(text.trim());
        if (literals.size() != collations.size()) {
            throw new NotRoutableException("bound '" + text + "' has " + literals.size() + " values for "
                    + collations.size() + " key columns");
        }
        List<PartitionKey> tuple = new ArrayList<>(literals.size());
        for (int i = 0; i < literals.size(); i++) {
            tuple.add(parseLiteral(literals.get(i), collations.get(i)));
        }
        return tuple;
    }

    /** @return the tuples of a LIST partition's value text, or null for {@code default} */
    public static List<List<PartitionKey>> parseList(String text, List<Integer> collations) throws NotRoutableException {
        if (text.trim().equalsIgnoreCase("default")) {
            return null;
        }
        List<List<PartitionKey>> tuples = new ArrayList<>();
        for (String item : splitTopLevel(text.trim())) {
            String inner = item.startsWith("(") && item.endsWith(")") ? item.substring(1, item.length() - 1) : item;
            tuples.add(parseTuple(inner, collations));
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

    /** Compares two values of one column: NULL lowest, numbers numerically, strings by collation. */
    static int compare(PartitionKey a, PartitionKey b) throws NotRoutableException {
        if (a.isNull() || b.isNull()) {
            return Boolean.compare(!a.isNull(), !b.isNull());
        }
        PartitionKey.Kind ka = a.kind();
        PartitionKey.Kind kb = b.kind();
        if (isNumber(ka) && isNumber(kb)) {
            if (ka == PartitionKey.Kind.DOUBLE || kb == PartitionKey.Kind.DOUBLE) {
                return Double.compare(asDouble(a), asDouble(b));
            }
            if (ka == PartitionKey.Kind.UNSIGNED && kb == PartitionKey.Kind.UNSIGNED) {
                return Long.compareUnsigned(a.bits(), b.bits());
            }
            if (ka == PartitionKey.Kind.UNSIGNED && a.bits() < 0 || kb == PartitionKey.Kind.UNSIGNED && b.bits() < 0) {
                return ka == PartitionKey.Kind.UNSIGNED && a.bits() < 0 ? 1 : -1; // above Long.MAX_VALUE
            }
            return Long.compare(a.bits(), b.bits());
        }
        if (!isNumber(ka) && !isNumber(kb)) {
            return Arrays.compareUnsigned(a.hashBytes(), b.hashBytes());
        }
        throw new NotRoutableException("cannot compare " + a + " with " + b);
    }

    private static boolean isNumber(PartitionKey.Kind kind) {
        return kind == PartitionKey.Kind.INTEGER || kind == PartitionKey.Kind.UNSIGNED || kind == PartitionKey.Kind.DOUBLE;
    }

    private static double asDouble(PartitionKey k) {
        switch (k.kind()) {
            case DOUBLE: return Double.longBitsToDouble(k.bits());
            case UNSIGNED: return Double.parseDouble(Long.toUnsignedString(k.bits()));
            default: return k.bits();
        }
    }

    private static PartitionKey parseLiteral(String literal, int collation) throws NotRoutableException {
        if (literal.equalsIgnoreCase("MAXVALUE")) {
            return null;
        }
        if (literal.equalsIgnoreCase("NULL")) {
            return PartitionKey.ofNull();
        }
        if (literal.startsWith("'") && literal.endsWith("'") && literal.length() >= 2) {
            return PartitionKey.ofString(unescape(literal.substring(1, literal.length() - 1)), collation);
        }
        try {
            if (literal.matches("[+-]?\\d+")) {
                try {
                    return PartitionKey.ofLong(Long.parseLong(literal));
                } catch (NumberFormatException tooLarge) {
                    return PartitionKey.ofUnsigned(Long.parseUnsignedLong(literal.replace("+", "")));
                }
            }
            return PartitionKey.ofDouble(Double.parseDouble(literal));
        } catch (NumberFormatException e) {
            throw new NotRoutableException("bound literal " + literal + " is not understood");
        }
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == '0' ? '\0' : n);
            } else if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                sb.append('\'');
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
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
