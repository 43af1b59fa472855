package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one table's location with OceanBase 4.x's own metadata SQL (odp-facts section 1),
 * parameterized: the table entry ({@code __all_virtual_proxy_schema}, {@code tablet_id = 0}), the
 * partition scheme ({@code __all_virtual_proxy_partition_info}, {@code __all_virtual_proxy_partition},
 * {@code __all_virtual_proxy_sub_partition}), then every tablet's replicas, in batches.
 *
 * <p>As OceanBase fills those tables (docs/metadata-facts.md): each level's key columns are put in
 * the order of its expression ({@link KeyOrder}; {@code part_key_idx} is the column's place in the
 * table), partitions are taken in the order the server lists them (partition order; no ORDER BY,
 * as ODP), HASH and KEY ones by {@code part_position}.
 */
public final class LocationLoader {
    static final String ENTRY_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ table_id, part_num, schema_version, tablet_id,"
            + " svr_ip, sql_port, role, replica_type FROM oceanbase.__all_virtual_proxy_schema"
            + " WHERE tenant_name = ? AND database_name = ? AND table_name = ? AND tablet_id = 0 ORDER BY role";
    static final String PART_INFO_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ part_level, part_type, sub_part_type,"
            + " part_key_name, part_key_type, part_key_idx, part_key_level, part_key_collation_type, part_expr,"
            + " sub_part_expr, part_key_extra, part_key_precision, part_key_scale, part_key_length, part_key_rowkey_idx"
            + " FROM oceanbase.__all_virtual_proxy_partition_info WHERE tenant_name = ? AND table_id = ?"
            + " ORDER BY part_key_level, part_key_idx";
    /**
     * No ORDER BY, as ODP: the rows come in partition order (the virtual table walks the table's
     * partition array, src/observer/virtual_table/ob_all_virtual_proxy_partition.cpp); part_position
     * is the index only for HASH/KEY and 0 for RANGE/LIST (case PART_POSITION there).
     */
    static final String PARTITIONS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ tablet_id, part_id, part_name,"
            + " high_bound_val, sub_part_num, part_position FROM oceanbase.__all_virtual_proxy_partition"
            + " WHERE tenant_name = ? AND table_id = ?";
    /**
     * No ORDER BY either; sub_part_position is the index for HASH/KEY, NULL for RANGE/LIST
     * (ob_all_virtual_proxy_sub_partition.cpp).
     */
    static final String SUB_PARTITIONS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ tablet_id, part_id, sub_part_id,"
            + " high_bound_val, sub_part_position FROM oceanbase.__all_virtual_proxy_sub_partition"
            + " WHERE tenant_name = ? AND table_id = ?";
    /** Batches of tablets per replica query, as ODP (about 300). */
    static final int TABLET_BATCH = 300;

    private LocationLoader() {
    }

    /** @return the table's location, or null when the metadata has no such table */
    public static TableLocation load(Connection c, String tenant, String database, String table) throws SQLException {
        long tableId = -1;
        long schemaVersion = 0;
        int partNum = 0;
        long firstTablet = 0;
        List<Replica> firstReplicas = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ENTRY_SQL)) {
            ps.setString(1, tenant);
            ps.setString(2, database);
            ps.setString(3, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tableId = rs.getLong(1);
                    partNum = rs.getInt(2);
                    schemaVersion = rs.getLong(3);
                    firstTablet = rs.getLong(4);
                    firstReplicas.add(replica(rs, 5));
                }
            }
        }
        if (tableId < 0) {
            return null;
        }
        Map<Long, List<Replica>> replicas = new HashMap<>();
        if (partNum <= 1) {
            replicas.put(firstTablet, List.copyOf(firstReplicas));
            return new TableLocation(database, table, tableId, schemaVersion, null, List.of(), firstTablet, replicas);
        }
        Scheme scheme = scheme(c, tenant, tableId);
        List<Long> tablets = new ArrayList<>();
        for (long t : scheme.first.tabletIds()) {
            if (t != 0) {
                tablets.add(t);
            }
        }
        for (PartitionLevel sub : scheme.subs) {
            tablets.addAll(sub.tabletIds());
        }
        loadReplicas(c, tenant, database, table, tablets, replicas);
        return new TableLocation(database, table, tableId, schemaVersion, scheme.first, scheme.subs, firstTablet, replicas);
    }

    private record Scheme(PartitionLevel first, List<PartitionLevel> subs) {
    }

    private static Scheme scheme(Connection c, String tenant, long tableId) throws SQLException {
        List<KeyOrder.ReadKey> firstKeys = new ArrayList<>();
        List<KeyOrder.ReadKey> subKeys = new ArrayList<>();
        int firstType = -1;
        int subType = -1;
        String firstExpression = "";
        String subExpression = "";
        try (PreparedStatement ps = c.prepareStatement(PART_INFO_SQL)) {
            ps.setString(1, tenant);
            ps.setLong(2, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    firstType = rs.getInt(2);
                    subType = rs.getInt(3);
                    firstExpression = text(rs, 9);
                    subExpression = text(rs, 10);
                    PartitionLevel.KeyColumn key = new PartitionLevel.KeyColumn(rs.getString(4), rs.getInt(5),
                            rs.getInt(8), text(rs, 11), rs.getInt(12), rs.getInt(13), rs.getInt(14));
                    (rs.getInt(7) == 2 ? subKeys : firstKeys).add(new KeyOrder.ReadKey(key, rs.getLong(15)));
                }
            }
        }
        KeyOrder.Ordered firstOrder = KeyOrder.of(firstExpression, firstKeys);
        List<PartitionRow> partitions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PARTITIONS_SQL)) {
            ps.setString(1, tenant);
            ps.setLong(2, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    partitions.add(new PartitionRow(rs.getLong(2), rs.getLong(1), text(rs, 4), rs.getLong(6)));
                }
            }
        }
        PartitionLevel first = level(firstType, firstOrder, partitions);
        if (subKeys.isEmpty()) {
            return new Scheme(first, List.of());
        }
        KeyOrder.Ordered subOrder = KeyOrder.of(subExpression, subKeys);
        Map<Long, List<PartitionRow>> subsByPart = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SUB_PARTITIONS_SQL)) {
            ps.setString(1, tenant);
            ps.setLong(2, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    subsByPart.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
                            .add(new PartitionRow(rs.getLong(3), rs.getLong(1), text(rs, 4), rs.getLong(5)));
                }
            }
        }
        List<PartitionLevel> subs = new ArrayList<>();
        for (PartitionRow partition : inPartitionOrder(firstType, partitions)) {
            subs.add(level(subType, subOrder, subsByPart.getOrDefault(partition.id(), List.of())));
        }
        return new Scheme(first, List.copyOf(subs));
    }

    /** One row of {@code __all_virtual_proxy_partition} or {@code __all_virtual_proxy_sub_partition}. */
    record PartitionRow(long id, long tablet, String highBound, long position) {
    }

    private static PartitionLevel level(int type, KeyOrder.Ordered keys, List<PartitionRow> rows) {
        List<PartitionRow> ordered = inPartitionOrder(type, rows);
        return new PartitionLevel(type, keys.expression(), keys.keys(),
                ordered.stream().map(PartitionRow::highBound).toList(),
                ordered.stream().map(PartitionRow::tablet).toList());
    }

    /**
     * @return HASH and KEY partitions by their index ({@code part_position}); RANGE and LIST as the
     * server listed them, which is partition order (RANGE by bound, MAXVALUE last)
     */
    static List<PartitionRow> inPartitionOrder(int type, List<PartitionRow> rows) {
        if (type > 2) {
            return rows;
        }
        List<PartitionRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(PartitionRow::position));
        return sorted;
    }

    private static void loadReplicas(Connection c, String tenant, String database, String table, List<Long> tablets,
                                     Map<Long, List<Replica>> into) throws SQLException {
        for (int from = 0; from < tablets.size(); from += TABLET_BATCH) {
            List<Long> batch = tablets.subList(from, Math.min(tablets.size(), from + TABLET_BATCH));
            StringBuilder sql = new StringBuilder("SELECT /*+READ_CONSISTENCY(WEAK)*/ tablet_id, svr_ip, sql_port, role,"
                    + " replica_type FROM oceanbase.__all_virtual_proxy_schema WHERE tenant_name = ? AND database_name = ?"
                    + " AND table_name = ? AND tablet_id IN (");
            for (int i = 0; i < batch.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(") ORDER BY tablet_id, role");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setString(1, tenant);
                ps.setString(2, database);
                ps.setString(3, table);
                for (int i = 0; i < batch.size(); i++) {
                    ps.setLong(4 + i, batch.get(i));
                }
                Map<Long, List<Replica>> found = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(replica(rs, 2));
                    }
                }
                found.forEach((k, v) -> into.put(k, List.copyOf(v)));
            }
        }
    }

    private static String text(ResultSet rs, int column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? "" : s;
    }

    private static Replica replica(ResultSet rs, int column) throws SQLException {
        return new Replica(new ServerAddress(rs.getString(column), rs.getInt(column + 1)), rs.getInt(column + 2) == 1,
                rs.getInt(column + 3));
    }
}
