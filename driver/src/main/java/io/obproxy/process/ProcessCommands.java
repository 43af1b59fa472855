package io.obproxy.process;

import io.obproxy.cluster.Cluster;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Arrays;
import java.util.Map;

/**
 * The commands that speak of logical connections, answered by the driver (so they work from JDBC
 * and from the front end; the classifier recognises them, io.obproxy.sql.StatementKind):
 * {@code SHOW [FULL] PROCESSLIST}, {@code KILL [CONNECTION | QUERY] <id>}
 * and ODP's {@code SHOW PROXYSESSION}. Connections of the caller's own instance come from its
 * {@link ProcessRegistry}; those of every other instance attached to the cluster (other driver
 * instances and front ends of the same JVM among them) from the servers ({@link ClusterProcesses}).
 *
 * <p>Permissions: a user sees and kills the connections of its own login ({@code user@tenant});
 * users listed in {@code adminUsers} see and kill all. A KILL of another user's connection is
 * refused with MySQL's 1095; of an id no instance holds, 1094. A connection that kills itself
 * ({@code KILL CONNECTION_ID()}) is closed and its KILL fails with 1927 (ER_CONNECTION_KILLED), as
 * the statement of a killed connection does; its {@code KILL QUERY CONNECTION_ID()} does nothing (the
 * KILL is the only statement running), as on a MySQL server.
 */
public final class ProcessCommands {
    /** Column names of {@link #proxySessions} rows. */
    public static final List<String> PROXYSESSION_COLUMNS = List.of("proxy_sessid", "server", "server_sessid",
            "synced_version", "session_version", "pinned");

    private ProcessCommands() {
    }

    /**
     * Who runs a command.
     *
     * @param registry    the logical connections of the caller's instance (driver instance or front end)
     * @param entry       the caller's own connection
     * @param admin       true when the caller's login is in {@code adminUsers}
     * @param cluster     the cluster whose other instances are looked at, or null for the caller's instance alone
     */
    public record Caller(ProcessRegistry registry, ProcessEntry entry, boolean admin, Cluster cluster) {
        boolean sees(String user) {
            return admin || entry.user().equals(user);
        }
    }

    /** @return MySQL's processlist columns */
    public static List<String> processListColumns() {
        return ProcessRow.COLUMNS;
    }

    /** @return the rows of {@code SHOW [FULL] PROCESSLIST} the caller may see, by id */
    public static List<List<String>> processList(Caller caller, boolean full) {
        ProcessRegistry registry = caller.registry();
        List<ProcessRow> rows = new ArrayList<>();
        for (ProcessEntry e : registry.entries()) {
            if (caller.sees(e.user())) {
                rows.add(e.row(full));
            }
        }
        for (Map.Entry<Long, List<ClusterProcesses.ServerSession>> remote : remote(caller, registry).entrySet()) {
            ClusterProcesses.ServerSession s = busiest(remote.getValue());
            if (caller.sees(s.user())) {
                String info = s.info() != null && !full && s.info().length() > 100 ? s.info().substring(0, 100) : s.info();
                rows.add(new ProcessRow(remote.getKey(), s.user(), s.host(), s.db(), s.command(), s.time(), s.state(),
                        info));
            }
        }
        rows.sort(Comparator.comparingLong(ProcessRow::id));
        List<List<String>> values = new ArrayList<>(rows.size());
        rows.forEach(r -> values.add(r.values()));
        return values;
    }

    /** @return the server sessions of logical connections of other instances, per logical id */
    private static Map<Long, List<ClusterProcesses.ServerSession>> remote(Caller caller, ProcessRegistry registry) {
        Map<Long, List<ClusterProcesses.ServerSession>> byId = new LinkedHashMap<>();
        if (caller.cluster() == null) {
            return byId;
        }
        for (ClusterProcesses.ServerSession s : ClusterProcesses.sessions(caller.cluster())) {
            if (s.instance() != registry.fixedInstanceId()) {
                byId.computeIfAbsent(s.connection(), k -> new ArrayList<>()).add(s);
            }
        }
        return byId;
    }

    /** @return the session that runs a statement now, else the one idle the shortest */
    private static ClusterProcesses.ServerSession busiest(List<ClusterProcesses.ServerSession> sessions) {
        ClusterProcesses.ServerSession best = sessions.get(0);
        for (ClusterProcesses.ServerSession s : sessions) {
            boolean running = !"Sleep".equalsIgnoreCase(s.command());
            boolean bestRunning = !"Sleep".equalsIgnoreCase(best.command());
            if (running && !bestRunning || running == bestRunning && s.time() < best.time()) {
                best = s;
            }
        }
        return best;
    }

    /**
     * {@code KILL [CONNECTION] id} or {@code KILL QUERY id}: a connection of the caller's instance directly;
     * one of another instance through its server sessions (with tombstones for a whole connection).
     */
    public static void kill(Caller caller, long id, boolean queryOnly) throws SQLException {
        ProcessRegistry registry = caller.registry();
        ProcessEntry local = registry.find(id);
        if (local != null) {
            if (!caller.sees(local.user())) {
                throw notOwner(id);
            }
            if (local == caller.entry()) {
                killSelf(local, queryOnly);
            } else if (queryOnly) {
                local.target().killQuery();
                local.queryKilled();
            } else {
                local.target().killConnection();
            }
            return;
        }
        int instance = ConnectionIds.instanceOf(id);
        List<ClusterProcesses.ServerSession> sessions = instance == registry.fixedInstanceId() || caller.cluster() == null
                ? List.of() : remote(caller, registry).getOrDefault(id, List.of());
        sessions = sessions.stream().filter(s -> s.instance() == instance).toList();
        if (sessions.isEmpty()) {
            throw new SQLException("Unknown thread id: " + id, "HY000", 1094);
        }
        if (!caller.sees(sessions.get(0).user())) {
            throw notOwner(id);
        }
        if (!queryOnly) {
            registry.tombstones().leave(caller.cluster(), instance, id);
        }
        ClusterProcesses.kill(caller.cluster(), sessions, queryOnly);
    }

    private static void killSelf(ProcessEntry self, boolean queryOnly) throws SQLException {
        if (queryOnly) {
            return; // the KILL QUERY is the statement it would stop
        }
        self.target().killConnection();
        throw new SQLException("Connection was killed", "70100", 1927);
    }

    private static SQLException notOwner(long id) {
        return new SQLException("You are not owner of thread " + id, "HY000", 1095);
    }

    /** @return per logical connection the caller may see, its physical sessions (ODP's SHOW PROXYSESSION) */
    public static List<List<String>> proxySessions(Caller caller) {
        ProcessRegistry registry = caller.registry();
        List<List<String>> rows = new ArrayList<>();
        for (ProcessEntry e : registry.entries()) {
            if (caller.sees(e.user())) {
                for (List<String> physical : e.target().physicalSessions()) {
                    List<String> row = new ArrayList<>();
                    row.add(Long.toString(e.id()));
                    row.addAll(physical);
                    rows.add(row);
                }
            }
        }
        for (Map.Entry<Long, List<ClusterProcesses.ServerSession>> remote : remote(caller, registry).entrySet()) {
            for (ClusterProcesses.ServerSession s : remote.getValue()) {
                if (caller.sees(s.user())) {
                    // what another instance's sessions are synced to is known only there
                    rows.add(Arrays.asList(Long.toString(remote.getKey()), s.server().toString(),
                            Long.toString(s.threadId()), null, null, null));
                }
            }
        }
        rows.sort(Comparator.comparingLong(r -> Long.parseLong(r.get(0))));
        return rows;
    }
}
