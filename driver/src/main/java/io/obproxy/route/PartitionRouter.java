package io.obproxy.route;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.obproxy.cluster.PartitionLevel;
import io.obproxy.cluster.TableLocation;
import io.obproxy.sql.ColumnValues;
import io.obproxy.sql.KeyValue;
import java.util.ArrayList;
import java.time.ZoneId;
import java.util.List;

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

    /** @return the tablet id the statement's keys fall in, with no session time zone known */
    public static long tablet(TableLocation location, List<ColumnValues> keys, ParameterValues parameters)
            throws NotRoutableException {
        return tablet(location, keys, parameters, null);
    }

    /**
     * @param zone the session's time zone, in which TIMESTAMP keys are read; null when unknown
     * @return the tablet id the statement's keys fall in
     */
    public static long tablet(TableLocation location, List<ColumnValues> keys, ParameterValues parameters, ZoneId zone)
            throws NotRoutableException {
        if (!location.isPartitioned()) {
            return location.firstTablet();
        }
        PartitionLevel first = location.first();
        int part = index(first, keys, parameters, zone);
        if (location.subLevels().isEmpty()) {
            return first.tabletIds().get(part);
        }
        PartitionLevel sub = location.subLevels().get(part);
        return sub.tabletIds().get(index(sub, keys, parameters, zone));
    }

    private static int index(PartitionLevel level, List<ColumnValues> keys, ParameterValues parameters, ZoneId zone)
            throws NotRoutableException {
        List<List<PartitionKey>> rows = rows(level, keys, parameters, zone);
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
        if (level.type() == 0 || level.type() == 3 || level.type() == 5) {
            String why = notComputable(level);
            if (why != null) {
                throw new NotRoutableException(why);
            }
        }
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
        try {
            if (level.highBounds().stream().anyMatch(String::isBlank)) {
                throw new NotRoutableException("the metadata gives no bounds for these partitions");
            }
            if (level.type() == 3 || level.type() == 4) {
                List<List<PartitionKey>> ranges = new ArrayList<>(level.count());
                for (String bound : level.highBounds()) {
                    ranges.add(PartitionBounds.parseTuple(bound, level.keys()));
                }
                return new ParsedBounds(List.copyOf(ranges), null, null);
            }
            List<List<List<PartitionKey>>> lists = new ArrayList<>(level.count());
            for (String values : level.highBounds()) {
                lists.add(PartitionBounds.parseList(values, level.keys())); // null marks DEFAULT
            }
            return new ParsedBounds(null, java.util.Collections.unmodifiableList(lists), null);
        } catch (NotRoutableException e) {
            return new ParsedBounds(null, null, e);
        }
    }

    /** @return one key tuple per row of values (one row for plain equalities) */
    private static List<List<PartitionKey>> rows(PartitionLevel level, List<ColumnValues> keys, ParameterValues parameters,
                                                 ZoneId zone)
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
                row.add(toKey(values.get(values.size() == 1 ? 0 : r), level.keys().get(c), parameters, zone));
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
    static PartitionKey toKey(KeyValue value, PartitionLevel.KeyColumn column, ParameterValues parameters, ZoneId zone)
            throws NotRoutableException {
        Object v = value.isParameter() ? parameters.value(value.parameter()) : PartitionKeys.literal(value.literal());
        if (v == ParameterValues.UNKNOWN) {
            throw new NotRoutableException("parameter " + value.parameter() + " has no usable value");
        }
        return PartitionKeys.of(v, column, zone);
    }

    /**
     * @return why the level cannot be computed client-side, or null when it can: its expression must
     * be its key columns as they are (no function of them), and no key column may be generated.
     * Allocation-free: it runs for every routed statement on a HASH level.
     */
    static String notComputable(PartitionLevel level) {
        List<PartitionLevel.KeyColumn> keys = level.keys();
        for (PartitionLevel.KeyColumn key : keys) {
            if (!key.generated().isEmpty()) {
                return "key column " + key.name() + " is generated (" + key.generated() + ")";
            }
        }
        String expression = level.expression();
        int at = 0;
        for (int k = 0; k < keys.size(); k++) {
            at = matchName(expression, at, keys.get(k).name());
            if (at < 0 || (k < keys.size() - 1 && (at >= expression.length() || expression.charAt(at++) != ','))) {
                return "partition expression " + expression + " is not computed";
            }
        }
        return at == expression.length() ? null : "partition expression " + expression + " is not computed";
    }

    /** @return the index after {@code name} (backquoted or not, spaces around) at {@code from}, or -1 */
    private static int matchName(String expression, int from, String name) {
        int i = skipSpaces(expression, from);
        boolean quoted = i < expression.length() && expression.charAt(i) == '`';
        if (quoted) {
            i++;
        }
        if (!expression.regionMatches(true, i, name, 0, name.length())) {
            return -1;
        }
        i += name.length();
        if (quoted) {
            if (i >= expression.length() || expression.charAt(i) != '`') {
                return -1;
            }
            i++;
        }
        return skipSpaces(expression, i);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
