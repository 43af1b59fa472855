package io.obproxy.process;

import io.obproxy.cluster.Cluster;
import io.obproxy.cluster.ServerAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logical connections of other driver instances and front ends, seen through the cluster's own
 * session views, with no coordination service: every physical connection of a logical one carries
 * connection attributes naming its instance and logical id ({@link #attributes}); each server
 * lists its sessions with those attributes ({@code information_schema.PROCESSLIST} joined with
 * {@code performance_schema.session_connect_attrs} on MariaDB and MySQL; other servers answer
 * nothing, and the cluster-wide view is then just the local one).
 *
 * <p>A remote KILL kills the victim's server sessions and leaves a tombstone on each server: a
 * session of the killer's with attribute {@code obproxy_killed=<instance>:<id>}. The victim's owner,
 * finding a physical connection broken or opening a new one, looks for a tombstone naming it
 * ({@link #killedMark}); it then closes the logical connection, reports it killed, and kills the
 * tombstones (the acknowledgement; {@link Tombstones} also drops them after a while).
 */
public final class ClusterProcesses {
    private static final Logger log = LoggerFactory.getLogger(ClusterProcesses.class);
    static final String INSTANCE = "obproxy_instance";
    static final String CONNECTION = "obproxy_conn";
    static final String USER = "obproxy_user";
    static final String HOST = "obproxy_host";
    static final String KILLED = "obproxy_killed";

    static final String SESSIONS_SQL = "SELECT p.ID, p.DB, p.COMMAND, p.TIME, p.STATE, p.INFO, a.ATTR_NAME, a.ATTR_VALUE"
            + " FROM information_schema.PROCESSLIST p JOIN performance_schema.session_connect_attrs a"
            + " ON a.PROCESSLIST_ID = p.ID WHERE a.ATTR_NAME IN ('" + INSTANCE + "', '" + CONNECTION + "', '" + USER
            + "', '" + HOST + "')";
    static final String TOMBSTONES_SQL = "SELECT PROCESSLIST_ID FROM performance_schema.session_connect_attrs"
            + " WHERE ATTR_NAME = '" + KILLED + "' AND ATTR_VALUE = ?";

    private ClusterProcesses() {
    }

    /** One server session of a logical connection, as its server lists it. */
    record ServerSession(ServerAddress server, long threadId, int instance, long connection, String user, String host,
                         String db, String command, long time, String state, String info) {
    }

    /** @return the connection attributes a logical connection's physical connections carry */
    public static Map<String, String> attributes(int instance, long connection, String user, String host) {
        return Map.of(INSTANCE, Integer.toString(instance), CONNECTION, Long.toString(connection),
                USER, safe(user), HOST, safe(host));
    }

    /** Connector/J's attribute syntax has no escapes of its own: ',' and ':' travel percent-encoded. */
    static String safe(String value) {
        return value.replace("%", "%25").replace(",", "%2C").replace(":", "%3A");
    }

    /** @return an attribute value as it was before {@link #safe} */
    static String unsafe(String value) {
        return value.replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
    }

    /** @return every server session that belongs to a logical connection, on every usable server */
    static List<ServerSession> sessions(Cluster cluster) {
        List<ServerSession> all = new ArrayList<>();
        for (ServerAddress server : cluster.topology().active()) {
            try (Connection c = cluster.openConnection(server); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(SESSIONS_SQL)) {
                Map<Long, Map<String, String>> attrs = new HashMap<>();
                Map<Long, String[]> rows = new HashMap<>();
                while (rs.next()) {
                    long thread = rs.getLong(1);
                    rows.putIfAbsent(thread, new String[] {rs.getString(2), rs.getString(3), Long.toString(rs.getLong(4)),
                            rs.getString(5), rs.getString(6)});
                    attrs.computeIfAbsent(thread, k -> new HashMap<>()).put(rs.getString(7), rs.getString(8));
                }
                attrs.forEach((thread, a) -> {
                    String[] r = rows.get(thread);
                    try {
                        all.add(new ServerSession(server, thread, Integer.parseInt(a.get(INSTANCE)),
                                Long.parseLong(a.get(CONNECTION)), unsafe(a.getOrDefault(USER, "")),
                                unsafe(a.getOrDefault(HOST, "")),
                                r[0], r[1], Long.parseLong(r[2]), r[3] == null ? "" : r[3], r[4]));
                    } catch (RuntimeException malformed) {
                        // a session with a partial or foreign obproxy_* attribute: not one of ours
                    }
                });
            } catch (SQLException e) {
                log.debug("sessions of {} not readable: {}", server, e.getMessage());
            }
        }
        return all;
    }

    /** @return the instance ids other instances attached to the cluster use */
    public static Set<Integer> instanceIds(Cluster cluster) {
        Set<Integer> ids = new HashSet<>();
        for (ServerSession s : sessions(cluster)) {
            ids.add(s.instance());
        }
        return ids;
    }

    /** Kills each server session (the whole connection, or only its running statement). */
    static void kill(Cluster cluster, List<ServerSession> sessions, boolean queryOnly) throws SQLException {
        SQLException failure = null;
        for (ServerSession s : sessions) {
            try (Connection c = cluster.openConnection(s.server()); Statement st = c.createStatement()) {
                st.execute((queryOnly ? "KILL QUERY " : "KILL CONNECTION ") + s.threadId());
            } catch (SQLException e) {
                if (e.getErrorCode() == 1094) {
                    continue; // gone meanwhile
                }
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Looks for a tombstone naming a logical connection on the server {@code c} is connected to,
     * and kills the tombstones found (they are acknowledged).
     *
     * @return true when the logical connection was killed from another instance
     */
    public static boolean killedMark(Connection c, int instance, long connection) {
        List<Long> tombstones = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TOMBSTONES_SQL)) {
            ps.setString(1, tombstone(instance, connection));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tombstones.add(rs.getLong(1));
                }
            }
            try (Statement st = c.createStatement()) {
                for (long thread : tombstones) {
                    try {
                        st.execute("KILL CONNECTION " + thread);
                    } catch (SQLException gone) {
                        // already closed by its instance
                    }
                }
            }
        } catch (SQLException e) {
            return false; // no session views here: nothing can be told
        }
        return !tombstones.isEmpty();
    }

    /**
     * As {@link #killedMark(Connection, int, long)}, through the first usable server of the cluster
     * that answers, other than {@code failed} (a KILL leaves its tombstones on every server, so one
     * that answers tells; the server whose connection just broke may not answer at all).
     */
    public static boolean killedMark(Cluster cluster, int instance, long connection, ServerAddress failed) {
        for (ServerAddress server : cluster.topology().active()) {
            if (server.equals(failed)) {
                continue;
            }
            try (Connection c = cluster.openConnection(server)) {
                return killedMark(c, instance, connection);
            } catch (SQLException e) {
                log.debug("tombstones on {} not readable: {}", server, e.getMessage());
            }
        }
        return false;
    }

    /** The value of a tombstone's attribute: which logical connection it names. */
    static String tombstone(int instance, long connection) {
        return instance + "_" + connection;
    }
}
