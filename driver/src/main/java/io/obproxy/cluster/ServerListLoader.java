package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the cluster's servers from its metadata, as ODP does: {@code DBA_OB_SERVERS} (sys tenant,
 * and on the sandbox), else {@code GV$OB_SERVERS} (readable from a user tenant; lists only servers
 * that answer, so every row counts as active). Then, best effort, each zone's IDC and region
 * ({@code DBA_OB_ZONES}) and whether it runs a major compaction ({@code DBA_OB_ZONE_MAJOR_COMPACTION}):
 * where those are not readable, servers have no IDC, region or compaction state.
 */
final class ServerListLoader {
    static final String SERVERS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ svr_ip, sql_port, zone, status"
            + " FROM oceanbase.DBA_OB_SERVERS WHERE svr_port > 0 ORDER BY zone";
    static final String GV_SERVERS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ svr_ip, sql_port, zone, 'ACTIVE'"
            + " FROM oceanbase.GV$OB_SERVERS ORDER BY zone";
    static final String ZONES_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ zone, idc, region FROM oceanbase.DBA_OB_ZONES";
    static final String COMPACTION_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ zone, status"
            + " FROM oceanbase.DBA_OB_ZONE_MAJOR_COMPACTION";

    private ServerListLoader() {
    }

    /** @return the servers; empty when neither server view is readable */
    static List<Server> load(Connection c, int timeoutSeconds) {
        List<String[]> rows = firstReadable(c, timeoutSeconds, SERVERS_SQL, GV_SERVERS_SQL);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, String[]> zones = byZone(firstReadable(c, timeoutSeconds, ZONES_SQL));
        Map<String, String[]> compaction = byZone(firstReadable(c, timeoutSeconds, COMPACTION_SQL));
        List<Server> servers = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            String[] zone = zones.getOrDefault(r[2], new String[] {r[2], "", ""});
            String[] merge = compaction.get(r[2]);
            servers.add(new Server(new ServerAddress(r[0], Integer.parseInt(r[1])), r[2], zone[1], zone[2],
                    "ACTIVE".equalsIgnoreCase(r[3]), merge != null && !"IDLE".equalsIgnoreCase(merge[1])));
        }
        return servers;
    }

    /** @return the rows of the first query that can be read (every column as text), else none */
    private static List<String[]> firstReadable(Connection c, int timeoutSeconds, String... queries) {
        for (String sql : queries) {
            try {
                return query(c, sql, timeoutSeconds);
            } catch (SQLException e) {
                // not readable here (a user tenant, an older version, a plain MySQL server): try the next
            }
        }
        return List.of();
    }

    private static List<String[]> query(Connection c, String sql, int timeoutSeconds) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = st.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        String v = rs.getString(i + 1);
                        row[i] = v == null ? "" : v;
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Map<String, String[]> byZone(List<String[]> rows) {
        Map<String, String[]> map = new HashMap<>();
        for (String[] r : rows) {
            map.put(r[0], r);
        }
        return map;
    }
}
