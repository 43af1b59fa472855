package io.obproxy.route;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.obproxy.cluster.PartitionLevel;
import io.obproxy.cluster.TableLocation;
import io.obproxy.sql.ColumnValues;
import io.obproxy.sql.KeyValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the tablet a statement touches: the key columns' values (from the SQL and the bound
 * parameters) run through the table's partition functions, level by level. Pure.
 *
 * <p>Every partition-key column needs a value; several values (an IN list, a multi-row INSERT) are
 * accepted when they all fall in one tablet. Anything the driver cannot compute (a missing key,
 * an unsupported type, collation or partition function) is a {@link NotRoutableException} whose
 * message says why; the statement then takes the default route.
 */
public final class PartitionRouter {
    private PartitionRouter() {
    }

    /** @return the tablet id the statement's keys fall in */
    public static long tablet(TableLocation location, List<ColumnValues> keys, ParameterValues parameters)
            throws NotRoutableException {
        if (!location.isPartitioned()) {
            return location.firstTablet();
        }
        PartitionLevel first = location.first();
        int part = index(first, keys, parameters);
        if (location.subLevels().isEmpty()) {
            return first.tabletIds().get(part);
        }
        PartitionLevel sub = location.subLevels().get(part);
        return sub.tabletIds().get(index(sub, keys, parameters));
    }

    private static int index(PartitionLevel level, List<ColumnValues> keys, ParameterValues parameters)
            throws NotRoutableException {
        List<List<PartitionKey>> rows = rows(level, keys, parameters);
        int found = -1;
        for (List<PartitionKey> row : rows) {
            int i = indexOf(level, row);
            if (found >= 0 && i != found) {
                throw new NotRoutableException("values fall in more than one partition");
            }
            found = i;
        }
        return found;
    }

    private static int indexOf(PartitionLevel level, List<PartitionKey> row) throws NotRoutableException {
        switch (level.type()) {
            case 0:
                return PartitionFunctions.hash(row.get(0), level.count());
            case 1:
            case 2:
                return PartitionFunctions.key(row, level.count());
            case 3:
            case 4:
                return PartitionBounds.rangeIndex(parsed(level).ranges(), row);
            case 5:
            case 6:
                return PartitionBounds.listIndex(parsed(level).lists(), row);
            default:
                throw new NotRoutableException("partition type " + level.type() + " is not supported");
        }
    }

    /** A level's bounds parsed once: RANGE high bounds or LIST value tuples, or why they do not parse. */
    private record ParsedBounds(List<List<PartitionKey>> ranges, List<List<List<PartitionKey>>> lists,
                                NotRoutableException failure) {
    }

    /**
     * Parsed bounds per partition level, held as long as the level (a cached table location) is:
     * bound text is parsed once per location load, not once per statement. A memo of a pure
     * function, so sharing it across connections is safe.
     */
    private static final Cache<PartitionLevel, ParsedBounds> PARSED = Caffeine.newBuilder().weakKeys()
            .executor(Runnable::run).build();

    private static ParsedBounds parsed(PartitionLevel level) throws NotRoutableException {
        ParsedBounds parsed = PARSED.get(level, PartitionRouter::parse);
        if (parsed.failure() != null) {
            throw parsed.failure();
        }
        return parsed;
    }

    private static ParsedBounds parse(PartitionLevel level) {
        List<Integer> collations = collations(level);
        try {
            if (level.type() == 3 || level.type() == 4) {
                List<List<PartitionKey>> ranges = new ArrayList<>(level.count());
                for (String bound : level.highBounds()) {
                    ranges.add(PartitionBounds.parseTuple(bound, collations));
                }
                return new ParsedBounds(List.copyOf(ranges), null, null);
            }
            List<List<List<PartitionKey>>> lists = new ArrayList<>(level.count());
            for (String values : level.highBounds()) {
                lists.add(PartitionBounds.parseList(values, collations)); // null marks DEFAULT
            }
            return new ParsedBounds(null, java.util.Collections.unmodifiableList(lists), null);
        } catch (NotRoutableException e) {
            return new ParsedBounds(null, null, e);
        }
    }

    private static List<Integer> collations(PartitionLevel level) {
        List<Integer> collations = new ArrayList<>(level.keys().size());
        for (PartitionLevel.KeyColumn key : level.keys()) {
            collations.add(key.collation());
        }
        return collations;
    }

    /** @return one key tuple per row of values (one row for plain equalities) */
    private static List<List<PartitionKey>> rows(PartitionLevel level, List<ColumnValues> keys, ParameterValues parameters)
            throws NotRoutableException {
        List<List<KeyValue>> columns = new ArrayList<>(level.keys().size());
        int rowCount = 1;
        for (PartitionLevel.KeyColumn key : level.keys()) {
            List<KeyValue> values = valuesOf(key.name(), keys);
            if (values == null) {
                throw new NotRoutableException("no value for partition key column " + key.name());
            }
            if (values.size() > 1) {
                if (rowCount > 1 && values.size() != rowCount) {
                    throw new NotRoutableException("key columns have different numbers of values");
                }
                rowCount = values.size();
            }
            columns.add(values);
        }
        List<List<PartitionKey>> rows = new ArrayList<>(rowCount);
        for (int r = 0; r < rowCount; r++) {
            List<PartitionKey> row = new ArrayList<>(columns.size());
            for (int c = 0; c < columns.size(); c++) {
                List<KeyValue> values = columns.get(c);
                row.add(toKey(values.get(values.size() == 1 ? 0 : r), level.keys().get(c), parameters));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<KeyValue> valuesOf(String column, List<ColumnValues> keys) {
        for (ColumnValues cv : keys) {
            if (cv.column().equalsIgnoreCase(column)) {
                return cv.values();
            }
        }
        return null;
    }

    /** Converts a literal or bound value to the column's partition-key form. */
    static PartitionKey toKey(KeyValue value, PartitionLevel.KeyColumn column, ParameterValues parameters)
            throws NotRoutableException {
        Object v = value.isParameter() ? parameters.value(value.parameter()) : literal(value.literal());
        if (v == ParameterValues.UNKNOWN) {
            throw new NotRoutableException("parameter " + value.parameter() + " has no usable value");
        }
        if (v == null) {
            return PartitionKey.ofNull();
        }
        int type = column.obType();
        if (type >= 1 && type <= 10) {
            long n = integer(v, column);
            return type >= 6 ? PartitionKey.ofUnsigned(n) : PartitionKey.ofLong(n);
        }
        if (type >= 11 && type <= 14 && v instanceof Number) {
            return PartitionKey.ofDouble(((Number) v).doubleValue());
        }
        if (type == 22 || type == 23 || (type >= 27 && type <= 30)) {
            if (v instanceof byte[]) {
                return PartitionKey.ofBytes((byte[]) v);
            }
            return PartitionKey.ofString(v.toString(), column.collation());
        }
        throw new NotRoutableException("column " + column.name() + " of type " + type + " is not supported for routing");
    }

    private static long integer(Object v, PartitionLevel.KeyColumn column) throws NotRoutableException {
        try {
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            if (v instanceof BigInteger) {
                return ((BigInteger) v).longValue();
            }
            if (v instanceof BigDecimal) {
                return ((BigDecimal) v).longValueExact();
            }
            if (v instanceof String) {
                String s = ((String) v).trim();
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    return Long.parseUnsignedLong(s.substring(2), 16);
                }
                return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s.startsWith("+") ? s.substring(1) : s);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the error below
        }
        throw new NotRoutableException("value " + v + " for integer column " + column.name() + " is not an integer");
    }

    /** @return a literal's value: a String for numbers and hex (converted by column type), text unquoted */
    private static Object literal(String text) {
        if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')) {
            return unquote(text);
        }
        if (text.toUpperCase(Locale.ROOT).startsWith("X'")) {
            return java.util.HexFormat.of().parseHex(text.substring(2, text.length() - 1));
        }
        return text;
    }

    private static String unquote(String text) {
        char quote = text.charAt(0);
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                char n = text.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == '0' ? '\0' : n == 'r' ? '\r' : n);
            } else if (c == quote && i + 1 < text.length() - 1 && text.charAt(i + 1) == quote) {
                sb.append(quote);
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
