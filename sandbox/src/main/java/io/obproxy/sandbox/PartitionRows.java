package io.obproxy.sandbox;

import io.obproxy.sandbox.MetadataModel.DeclaredTable;
import io.obproxy.sandbox.MetadataModel.Tablet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Renders one declared table's partition scheme into OceanBase's
 * {@code __all_virtual_proxy_partition_info}, {@code __all_virtual_proxy_partition} and
 * {@code __all_virtual_proxy_sub_partition} rows, plus the {@code __sandbox_level} and
 * {@code __sandbox_bound} rows from which the 4038 triggers compute a row's partition.
 */
final class PartitionRows {
    private final String tenant;
    private final DeclaredTable table;

    PartitionRows(String tenant, DeclaredTable table) {
        this.tenant = tenant;
        this.table = table;
    }

    /** @return true when every level is HASH, RANGE or LIST on one integer column */
    static boolean checkable(DeclaredTable t) {
        TableLayout layout = t.layout();
        if (layout.partitioning() == null || !checkable(layout.partitioning(), t.keys())) {
            return false;
        }
        for (int p = 0; p < t.subKeys().size(); p++) {
            if (!checkable(layout.subpartitioning(p), t.subKeys().get(p))) {
                return false;
            }
        }
        return true;
    }

    private static boolean checkable(Partitioning level, List<KeyColumn> keys) {
        PartType type = level.type();
        return keys.size() == 1 && keys.get(0).isInteger()
                && (type == PartType.HASH || type == PartType.RANGE || type == PartType.LIST);
    }

    void write(Connection c) throws SQLException {
        writeInfo(c);
        writePartitions(c);
        if (checkable(table)) {
            writeLevels(c);
        }
    }

    private void writeInfo(Connection c) throws SQLException {
        TableLayout layout = table.layout();
        Partitioning first = layout.partitioning();
        Partitioning sub = layout.subpartitioning(0);
        String sql = "INSERT INTO oceanbase.__all_virtual_proxy_partition_info VALUES (?,?,?,?,0,1,?,?,?,0,?,NULL,?,"
                + "NULL,NULL,NULL,NULL,?,?,?,0,?,NULL,?,NULL,NULL,NULL,NULL,?,?,?,?,?,'',?,?,?,?,?,?,0,0,0,'','','',NULL)";
        int keyCount = table.keys().size() + (table.subKeys().isEmpty() ? 0 : table.subKeys().get(0).size());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            addKeys(ps, first, sub, table.keys(), 1, keyCount);
            if (!table.subKeys().isEmpty()) {
                addKeys(ps, first, sub, table.subKeys().get(0), 2, keyCount);
            }
            ps.executeBatch();
        }
    }

    private void addKeys(PreparedStatement ps, Partitioning first, Partitioning sub, List<KeyColumn> keys,
                         int level, int keyCount) throws SQLException {
        for (int k = 0; k < keys.size(); k++) {
            KeyColumn key = keys.get(k);
            int i = 1;
            ps.setString(i++, tenant);
            ps.setLong(i++, table.tableId());
            ps.setInt(i++, table.partLevel());
            ps.setInt(i++, table.tablets().size());
            ps.setInt(i++, first.type().code());
            ps.setInt(i++, first.count());
            ps.setBoolean(i++, first.type().isColumnType());
            ps.setString(i++, first.expression());
            ps.setString(i++, rangeType(first, table.keys()));
            ps.setInt(i++, sub == null ? 0 : sub.type().code());
            ps.setInt(i++, sub == null ? 0 : sub.count());
            ps.setBoolean(i++, sub != null && sub.type().isColumnType());
            ps.setString(i++, sub == null ? "" : sub.expression());
            ps.setString(i++, sub == null ? "" : rangeType(sub, table.subKeys().get(0)));
            ps.setInt(i++, keyCount);
            ps.setString(i++, key.name());
            ps.setInt(i++, key.obType());
            ps.setInt(i++, key.position()); // the column's place in the table, not in the key
            ps.setInt(i++, level);
            ps.setInt(i++, key.collationId());
            ps.setInt(i++, key.rowkeyIndex());
            ps.setString(i++, "");
            ps.setLong(i++, key.length());
            ps.setLong(i++, key.precision());
            ps.setLong(i, key.scale());
            ps.addBatch();
        }
    }

    /** @return the key types a RANGE compares, comma-separated; empty for other functions */
    private static String rangeType(Partitioning level, List<KeyColumn> keys) {
        if (level.type() != PartType.RANGE && level.type() != PartType.RANGE_COLUMNS) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (KeyColumn key : keys) {
            sb.append(sb.length() == 0 ? "" : ",").append(key.obType());
        }
        return sb.toString();
    }

    private void writePartitions(Connection c) throws SQLException {
        TableLayout layout = table.layout();
        Partitioning first = layout.partitioning();
        try (PreparedStatement part = c.prepareStatement("INSERT INTO oceanbase.__all_virtual_proxy_partition VALUES"
                + " (?,?,?,?,0,'','',?,'',?,?,?,0,NULL,NULL,NULL,NULL,0,0,0,'','','')");
             PreparedStatement subPart = c.prepareStatement("INSERT INTO oceanbase.__all_virtual_proxy_sub_partition"
                     + " VALUES (?,?,?,?,?,0,'','',?,'',?,?,0,0,0,'','','')")) {
            for (int p = 0; p < first.count(); p++) {
                Partitioning sub = layout.subpartitioning(p);
                int i = 1;
                part.setString(i++, tenant);
                part.setLong(i++, table.tableId());
                part.setInt(i++, p);
                part.setString(i++, "p" + p);
                part.setString(i++, first.highBounds().get(p));
                part.setInt(i++, first.type().isHashLike() ? p : 0); // part_position: the index for HASH/KEY only
                part.setLong(i++, sub == null ? tablet(p, -1).tabletId : 0);
                part.setInt(i, sub == null ? 0 : sub.count());
                part.addBatch();
                for (int s = 0; sub != null && s < sub.count(); s++) {
                    i = 1;
                    subPart.setString(i++, tenant);
                    subPart.setLong(i++, table.tableId());
                    subPart.setInt(i++, p);
                    subPart.setInt(i++, s);
                    subPart.setString(i++, "p" + p + "sp" + s);
                    subPart.setString(i++, sub.highBounds().get(s));
                    subPart.setObject(i++, sub.type().isHashLike() ? s : null); // sub_part_position: NULL for RANGE/LIST
                    subPart.setLong(i, tablet(p, s).tabletId);
                    subPart.addBatch();
                }
            }
            part.executeBatch();
            subPart.executeBatch();
        }
    }

    private Tablet tablet(int part, int sub) {
        for (Tablet t : table.tablets()) {
            if (t.part == part && t.sub == sub) {
                return t;
            }
        }
        throw new IllegalStateException("no tablet " + part + "/" + sub);
    }

    private void writeLevels(Connection c) throws SQLException {
        TableLayout layout = table.layout();
        try (PreparedStatement level = c.prepareStatement("INSERT INTO oceanbase.__sandbox_level VALUES (?,?,?,?,?)");
             PreparedStatement bound = c.prepareStatement("INSERT INTO oceanbase.__sandbox_bound VALUES (?,?,?,?,?,?,?)")) {
            addLevel(level, bound, 1, -1, layout.partitioning());
            for (int p = 0; p < table.subKeys().size(); p++) {
                addLevel(level, bound, 2, p, layout.subpartitioning(p));
            }
            level.executeBatch();
            bound.executeBatch();
        }
    }

    private void addLevel(PreparedStatement level, PreparedStatement bound, int depth, int parent,
                          Partitioning partitioning) throws SQLException {
        level.setLong(1, table.tableId());
        level.setInt(2, depth);
        level.setInt(3, parent);
        level.setInt(4, partitioning.type().code());
        level.setInt(5, partitioning.count());
        level.addBatch();
        List<String> bounds = partitioning.highBounds();
        for (int idx = 0; idx < bounds.size(); idx++) {
            String text = bounds.get(idx);
            if (partitioning.type() == PartType.RANGE) {
                addBound(bound, depth, parent, idx, "MAXVALUE".equals(text) ? null : parseInteger(text), null, false);
            } else if (partitioning.type() == PartType.LIST) {
                if ("DEFAULT".equals(text)) {
                    addBound(bound, depth, parent, idx, null, null, true);
                    continue;
                }
                for (String value : LiteralList.split(text)) {
                    addBound(bound, depth, parent, idx, null, parseInteger(value.replaceAll("[()]", "")), false);
                }
            }
        }
    }

    private void addBound(PreparedStatement bound, int depth, int parent, int idx, Long high, Long listValue,
                          boolean isDefault) throws SQLException {
        bound.setLong(1, table.tableId());
        bound.setInt(2, depth);
        bound.setInt(3, parent);
        bound.setInt(4, idx);
        bound.setObject(5, high);
        bound.setObject(6, listValue);
        bound.setBoolean(7, isDefault);
        bound.addBatch();
    }

    private long parseInteger(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(table.layout() + ": bound '" + text + "' is not an integer", e);
        }
    }
}
