package io.obproxy.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tells a test where statements ran, although the data is replicated everywhere.
 *
 * <p>Two sources, both counting only the tenant user's sessions (not the sandbox's own, not
 * replication): the general log, written to {@code mysql.general_log} once {@link #enable()}d
 * (opt-in: it costs every statement a write), and always-on performance_schema counters per
 * statement kind.
 */
public final class StatementLog {
    private final SandboxCluster cluster;
    private volatile boolean enabled;

    StatementLog(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts logging every statement of the tenant user on every node (and on restarted nodes). */
    public void enable() {
        setEnabled(true);
    }

    public void disable() {
        setEnabled(false);
    }

    private void setEnabled(boolean on) {
        enabled = on;
        for (SandboxNode node : cluster.runningNodes()) {
            try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
                applyTo(st);
            } catch (SQLException e) {
                throw new IllegalStateException(node + ": cannot switch the general log: " + e.getMessage(), e);
            }
        }
    }

    void applyTo(Statement st) throws SQLException {
        st.execute("SET GLOBAL general_log = " + (enabled ? "ON" : "OFF"));
    }

    /** Empties the log on every running node. */
    public void clear() {
        for (SandboxNode node : cluster.runningNodes()) {
            try (Connection c = node.adminConnection(); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin = 0");
                st.execute("TRUNCATE TABLE mysql.general_log");
            } catch (SQLException e) {
                throw new IllegalStateException(node + ": cannot clear the general log: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @return the text of every query, prepare and execute the tenant user sent to this node since
     * the log was enabled or cleared, oldest first
     */
    public List<String> statements(SandboxNode node) {
        String sql = "SELECT argument FROM mysql.general_log WHERE command_type IN ('Query', 'Prepare', 'Execute')"
                + " AND user_host LIKE ? ORDER BY event_time";
        List<String> out = new ArrayList<>();
        try (Connection c = node.adminConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, cluster.tenantUser().replace("_", "\\_") + "[%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(node + ": cannot read the general log: " + e.getMessage(), e);
        }
        return out;
    }

    /** @return how many statements the tenant user ran on this node, by kind (for example {@code select}) */
    public Map<String, Long> counts(SandboxNode node) {
        String sql = "SELECT SUBSTRING_INDEX(EVENT_NAME, '/', -1), COUNT_STAR"
                + " FROM performance_schema.events_statements_summary_by_user_by_event_name"
                + " WHERE USER = ? AND COUNT_STAR > 0";
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = node.adminConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, cluster.tenantUser());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.merge(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2), Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(node + ": cannot read statement counters: " + e.getMessage(), e);
        }
        return counts;
    }
}
