package io.obproxy.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the cluster's servers from its metadata, as ODP does: {@code DBA_OB_SERVERS} (sys tenant,
 * and on the sandbox), else {@code GV$OB_SERVERS} (readable from a user tenant; lists only servers
 * that answer, so every row counts as active).
 */
final class ServerListLoader {
    static final String SERVERS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ svr_ip, sql_port, zone, status"
            + " FROM oceanbase.DBA_OB_SERVERS WHERE svr_port > 0 ORDER BY zone";
    static final String GV_SERVERS_SQL = "SELECT /*+READ_CONSISTENCY(WEAK)*/ svr_ip, sql_port, zone"
            + " FROM oceanbase.GV$OB_SERVERS ORDER BY zone";

    private ServerListLoader() {
    }

    /** @return the servers; empty when neither view is readable */
    static List<Server> load(Connection c, int timeoutSeconds) {
        try {
            return query(c, SERVERS_SQL, true, timeoutSeconds);
        } catch (SQLException e) {
            try {
                return query(c, GV_SERVERS_SQL, false, timeoutSeconds);
            } catch (SQLException e2) {
                return List.of();
            }
        }
    }

    private static List<Server> query(Connection c, String sql, boolean hasStatus, int timeoutSeconds)
            throws SQLException {
        List<Server> servers = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    boolean active = !hasStatus || "ACTIVE".equalsIgnoreCase(rs.getString(4));
                    servers.add(new Server(new ServerAddress(rs.getString(1), rs.getInt(2)), rs.getString(3), active));
                }
            }
        }
        return servers;
    }
}
