package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one table's location where the {@code __all_virtual_proxy_*} tables are not readable (a
 * user tenant without the privilege), from views such a tenant reads (odp-facts section 1):
 * tablets and replicas from {@code DBA_OB_TABLE_LOCATIONS} joined with {@code DBA_OB_LS_LOCATIONS}
 * (which has the SQL port), the partition scheme from {@code information_schema.PARTITIONS}
 * (partitions by name, in ordinal order, with their bounds as text) and the key columns' types from
 * {@code information_schema.COLUMNS}. Tablets are matched to partitions by name; the view names a
 * missing partition or sub-partition with the string {@code 'NULL'} (a one-level table's
 * SUBPARTITION_NAME), not SQL NULL. information_schema gives MySQL types: DECIMAL, DATE and DATETIME
 * are the tenant's DECIMAL_INT (50), MYSQL_DATE (52), MYSQL_DATETIME (53), or for a tenant created
 * before OceanBase 4.2.1 NUMBER (15), DATE (19), DATETIME (17) ({@link ColumnTypes}). A KEY level
 * without columns ({@code KEY()}) is keyed by the primary key, in its order; a level whose key
 * columns cannot all be found makes the table not routable by partition (no location: statements
 * take the default route), never "everything in partition 0". There is no schema
 * version here (0), and no bounds of sub-partitions (information_schema has none), so RANGE and
 * LIST sub-partitioning is not computed from these views. The view and column names are OceanBase 4.x's as documented; the sandbox
 * emulates them; unverified against a live cluster.
 */
final class DbaLocationLoader {
    static final String TABLETS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ t.table_id, t.partition_name,"
            + " t.subpartition_name, t.tablet_id, t.svr_ip, l.sql_port, t.role, t.replica_type"
            + " FROM oceanbase.DBA_OB_TABLE_LOCATIONS t JOIN oceanbase.DBA_OB_LS_LOCATIONS l"
            + " ON l.ls_id = t.ls_id AND l.svr_ip = t.svr_ip AND l.svr_port = t.svr_port"
            + " WHERE t.database_name = ? AND t.table_name = ? AND t.table_type = 'USER TABLE'"
            + " ORDER BY t.tablet_id, t.role";
    static final String PARTITIONS_SQL = "SELECT partition_name, subpartition_name, partition_method,"
            + " subpartition_method, partition_expression, subpartition_expression, partition_description"
            + " FROM information_schema.PARTITIONS WHERE table_schema = ? AND table_name = ?"
            + " ORDER BY partition_ordinal_position, subpartition_ordinal_position";
    static final String PRIMARY_KEY_SQL = "SELECT column_name FROM information_schema.STATISTICS"
            + " WHERE table_schema = ? AND table_name = ? AND index_name = 'PRIMARY' ORDER BY seq_in_index";
    static final String COLUMNS_SQL = "SELECT c.column_name, c.data_type, c.column_type, l.id,"
            + " c.numeric_precision, c.numeric_scale"
            + " FROM information_schema.COLUMNS c LEFT JOIN information_schema.COLLATIONS l"
            + " ON l.collation_name = c.collation_name WHERE c.table_schema = ? AND c.table_name = ?";

    /** information_schema's partition methods, as OceanBase's {@code part_type}; LINEAR forms are not computed. */
    private static final Map<String, Integer> METHODS = Map.of("HASH", 0, "KEY", 1, "RANGE", 3, "RANGE COLUMNS", 4,
            "LIST", 5, "LIST COLUMNS", 6);
    /** MySQL data types as OceanBase's {@code ObObjType}; unsigned integer and float types add the offset below. */
    private static final Map<String, Integer> TYPES = Map.ofEntries(Map.entry("tinyint", 1), Map.entry("smallint", 2),
            Map.entry("mediumint", 3), Map.entry("int", 4), Map.entry("bigint", 5), Map.entry("float", 11),
            Map.entry("double", 12), Map.entry("timestamp", 18), Map.entry("time", 20), Map.entry("year", 21), Map.entry("varchar", 22),
            Map.entry("varbinary", 22), Map.entry("char", 23), Map.entry("binary", 23), Map.entry("tinytext", 27),
            Map.entry("tinyblob", 27), Map.entry("text", 28), Map.entry("blob", 28), Map.entry("mediumtext", 29),
            Map.entry("mediumblob", 29), Map.entry("longtext", 30), Map.entry("longblob", 30));

    private DbaLocationLoader() {
    }

    /**
     * @return the table's location, or null when the views list no such table or its partitioning
     * cannot be described
     */
    static TableLocation load(Connection c, String database, String table, ColumnTypes types) throws SQLException {
        Map<String, Long> tabletByName = new LinkedHashMap<>();
        Map<Long, List<Replica>> replicas = new HashMap<>();
        long tableId = -1;
        try (PreparedStatement ps = c.prepareStatement(TABLETS_SQL)) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tableId = rs.getLong(1);
                    long tablet = rs.getLong(4);
                    tabletByName.put(name(rs.getString(2), rs.getString(3)), tablet);
                    replicas.computeIfAbsent(tablet, k -> new ArrayList<>()).add(new Replica(
                            new ServerAddress(rs.getString(5), rs.getInt(6)), "LEADER".equalsIgnoreCase(rs.getString(7)),
                            "LOGONLY".equalsIgnoreCase(rs.getString(8)) ? 5 : 0));
                }
            }
        }
        if (tableId < 0) {
            return null;
        }
        replicas.replaceAll((tablet, list) -> {
            list.sort((a, b) -> Boolean.compare(b.leader(), a.leader()));
            return List.copyOf(list);
        });
        List<String[]> partitions = partitions(c, database, table);
        if (partitions.size() <= 1 && partitions.stream().allMatch(p -> p[0] == null)) {
            long only = tabletByName.values().iterator().next();
            return new TableLocation(database, table, tableId, 0, null, List.of(), only, Map.copyOf(replicas));
        }
        Map<String, PartitionLevel.KeyColumn> columns = columns(c, database, table, types);
        List<String> primaryKey = primaryKey(c, database, table);
        List<String> firstNames = new ArrayList<>();
        List<String> firstBounds = new ArrayList<>();
        Map<String, List<String[]>> subsByPart = new LinkedHashMap<>();
        for (String[] p : partitions) {
            if (!subsByPart.containsKey(p[0])) {
                firstNames.add(p[0]);
                firstBounds.add(p[6] == null ? "" : p[6]);
                subsByPart.put(p[0], new ArrayList<>());
            }
            if (p[1] != null) {
                subsByPart.get(p[0]).add(p);
            }
        }
        String[] any = partitions.get(0);
        boolean twoLevels = any[1] != null;
        List<Long> firstTablets = new ArrayList<>();
        for (String part : firstNames) {
            firstTablets.add(twoLevels ? 0L : tabletByName.getOrDefault(name(part, null), 0L));
        }
        PartitionLevel first = level(any[2], any[4], columns, primaryKey, firstBounds, firstTablets);
        if (first == null) {
            return null;
        }
        List<PartitionLevel> subs = new ArrayList<>();
        if (twoLevels) {
            for (String part : firstNames) {
                List<String> bounds = new ArrayList<>();
                List<Long> tablets = new ArrayList<>();
                for (String[] sub : subsByPart.get(part)) {
                    bounds.add(""); // unknown: see the class comment
                    tablets.add(tabletByName.getOrDefault(name(part, sub[1]), 0L));
                }
                PartitionLevel sub = level(any[3], any[5], columns, primaryKey, bounds, tablets);
                if (sub == null) {
                    return null;
                }
                subs.add(sub);
            }
        }
        return new TableLocation(database, table, tableId, 0, first, List.copyOf(subs), firstTablets.get(0),
                Map.copyOf(replicas));
    }

    private static String name(String partition, String subpartition) {
        return nameOrNone(partition) + "/" + nameOrNone(subpartition);
    }

    /** @return the name in lower case; empty for SQL NULL and for the view's string 'NULL' */
    private static String nameOrNone(String name) {
        return name == null || name.equals("NULL") ? "" : name.toLowerCase(Locale.ROOT);
    }

    private static List<String> primaryKey(Connection c, String database, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PRIMARY_KEY_SQL)) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String[]> partitions(Connection c, String database, String table) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PARTITIONS_SQL)) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[7];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Map<String, PartitionLevel.KeyColumn> columns(Connection c, String database, String table,
                                                                 ColumnTypes types) throws SQLException {
        Map<String, PartitionLevel.KeyColumn> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS_SQL)) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String dataType = rs.getString(2).toLowerCase(Locale.ROOT);
                    boolean unsigned = rs.getString(3).toLowerCase(Locale.ROOT).contains("unsigned");
                    int type = types.obType(dataType).orElse(TYPES.getOrDefault(dataType, -1));
                    if (unsigned && type >= 1 && type <= 5) {
                        type += 5; // TINYINT UNSIGNED 6 .. BIGINT UNSIGNED 10
                    } else if (unsigned && type >= 11 && type <= 15) {
                        type += type == 15 ? 1 : 2; // FLOAT/DOUBLE UNSIGNED 13/14, DECIMAL UNSIGNED 16
                    }
                    int collation = rs.getObject(4) == null ? 63 : rs.getInt(4);
                    int precision = rs.getObject(5) == null ? -1 : rs.getInt(5);
                    int scale = rs.getObject(6) == null ? -1 : rs.getInt(6);
                    columns.put(name.toLowerCase(Locale.ROOT),
                            new PartitionLevel.KeyColumn(name, type, collation, "", precision, scale));
                }
            }
        }
        return columns;
    }

    /**
     * One level from information_schema's method and expression. The key columns are the names in
     * the expression when it is a column list, the primary key's columns for KEY without columns;
     * a function of columns has none, which the router reports as an expression it does not compute.
     *
     * @return the level, or null when a key column of a column list cannot be found
     */
    private static PartitionLevel level(String method, String expression, Map<String, PartitionLevel.KeyColumn> columns,
                                        List<String> primaryKey, List<String> bounds, List<Long> tablets) {
        int type = METHODS.getOrDefault(method == null ? "" : method.toUpperCase(Locale.ROOT), -1);
        String text = expression == null ? "" : expression;
        List<String> names = text.isBlank() && type == 1 ? primaryKey : KeyOrder.columnNames(text);
        List<PartitionLevel.KeyColumn> keys = new ArrayList<>();
        for (String name : names) {
            PartitionLevel.KeyColumn key = columns.get(name.toLowerCase(Locale.ROOT));
            if (key == null) {
                return null;
            }
            keys.add(key);
        }
        if (text.isBlank()) {
            if (keys.isEmpty()) {
                return null;
            }
            text = String.join(",", keys.stream().map(k -> "`" + k.name() + "`").toList());
        }
        return new PartitionLevel(type, text, List.copyOf(keys), List.copyOf(bounds), List.copyOf(tablets));
    }
}
