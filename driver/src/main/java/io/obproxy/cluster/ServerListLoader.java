package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tenant's servers from the cluster's metadata, as ODP does.
 *
 * <p>Order of sources: the servers of the tenant's units, from {@code __all_virtual_proxy_schema}'s
 * {@code oceanbase.__all_dummy} entry (one row per unit server; readable by the tenant itself, and
 * by a sys-tenant user); then, where readable, {@code DBA_OB_SERVERS} for their zones and status
 * (a sys-tenant view: a user tenant's users cannot read it on OceanBase), else {@code GV$OB_SERVERS}
 * (also sys-only; lists only servers that answer, so every row counts as active). Without
 * {@code __all_dummy} the server view's rows are the servers. Then, best effort, each zone's IDC and
 * region ({@code DBA_OB_ZONES}) and whether it runs a major compaction
 * ({@code DBA_OB_ZONE_MAJOR_COMPACTION}): where those are not readable, servers have no zone, IDC,
 * region or compaction state.
 */
final class ServerListLoader {
    /** One row per unit server, the leader of __all_dummy first (ODP orders the entry's replicas by role). */
    static final String TENANT_SERVERS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ svr_ip, sql_port"
            + " FROM oceanbase.__all_virtual_proxy_schema WHERE tenant_name = ? AND database_name = 'oceanbase'"
            + " AND table_name = '__all_dummy' GROUP BY svr_ip, sql_port ORDER BY MIN(role), svr_ip, sql_port";
    static final String SERVERS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ svr_ip, sql_port, zone, status"
            + " FROM oceanbase.DBA_OB_SERVERS WHERE svr_port > 0 ORDER BY zone";
    static final String GV_SERVERS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ svr_ip, sql_port, zone, 'ACTIVE'"
            + " FROM oceanbase.GV$OB_SERVERS ORDER BY zone";
    static final String ZONES_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ zone, idc, region FROM oceanbase.DBA_OB_ZONES";
    static final String COMPACTION_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ zone, status"
            + " FROM oceanbase.DBA_OB_ZONE_MAJOR_COMPACTION";

    private ServerListLoader() {
    }

    /** @return the tenant's servers, by zone; empty when no source is readable */
    static List<Server> load(Connection c, String tenant, int timeoutSeconds) {
        List<String[]> unitServers = tenantServers(c, tenant, timeoutSeconds);
        List<String[]> described = firstReadable(c, timeoutSeconds, SERVERS_SQL, GV_SERVERS_SQL);
        List<String[]> rows = unitServers.isEmpty() ? described : withDescriptions(unitServers, described);
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

    private static List<String[]> tenantServers(Connection c, String tenant, int timeoutSeconds) {
        try (PreparedStatement ps = c.prepareStatement(TENANT_SERVERS_SQL)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setString(1, tenant);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return rows;
        } catch (SQLException e) {
            return List.of(); // not readable here: the server views may be
        }
    }

    /**
     * @return the unit servers as (ip, port, zone, status): zone and status from the server view's
     * row of the same address, else unknown zone and active; in the view's order (by zone), then the rest
     */
    private static List<String[]> withDescriptions(List<String[]> unitServers, List<String[]> described) {
        Map<String, String[]> byAddress = new LinkedHashMap<>();
        for (String[] r : described) {
            byAddress.put(r[0] + ":" + r[1], r);
        }
        List<String[]> rows = new ArrayList<>();
        for (String[] d : described) {
            if (unitServers.stream().anyMatch(u -> (u[0] + ":" + u[1]).equals(d[0] + ":" + d[1]))) {
                rows.add(d);
            }
        }
        for (String[] u : unitServers) {
            if (!byAddress.containsKey(u[0] + ":" + u[1])) {
                rows.add(new String[] {u[0], u[1], "", "ACTIVE"});
            }
        }
        return rows;
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
