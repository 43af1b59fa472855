package io.obproxy.jdbc;

import io.obproxy.cluster.Deployment;
import io.obproxy.process.ProcessCommands;
import io.obproxy.process.ProcessEntry;
import io.obproxy.process.ProcessRegistry;
import io.obproxy.session.LogicalSession;
import io.obproxy.session.PhysicalSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What SHOW PROCESSLIST, SHOW PROXYSESSION and KILL see of one logical connection: its entry in
 * the instance's {@link ProcessRegistry}, the session behind it (killed, its physical sessions
 * listed), and who it runs commands as ({@link #caller}: admin or not, this instance's connections
 * or the whole cluster's).
 */
final class ConnectionProcess implements ProcessEntry.Target {
    private final DriverConfig config;
    private final Deployment deployment;
    private final LogicalSession session;
    private final ProcessRegistry processes;
    private final ProcessEntry entry;

    /**
     * @param processes the logical connections of the driver instance (or front end) the connection belongs to
     * @param entry     the connection's entry there; this target attaches itself to it
     */
    ConnectionProcess(DriverConfig config, Deployment deployment, LogicalSession session, ProcessRegistry processes,
                      ProcessEntry entry) {
        this.config = config;
        this.deployment = deployment;
        this.session = session;
        this.processes = processes;
        this.entry = entry;
        entry.attach(this);
    }

    ProcessEntry entry() {
        return entry;
    }

    /** @return who runs a process command on this connection: its entry, admin or not, its cluster */
    ProcessCommands.Caller caller() {
        String admins = config.get(ObProxyProperty.ADMIN_USERS);
        boolean admin = admins != null && Arrays.stream(admins.split(",")).anyMatch(a -> a.trim().equals(entry.user()));
        return new ProcessCommands.Caller(processes, entry, admin,
                config.getBoolean(ObProxyProperty.CLUSTER_WIDE_PROCESSLIST) ? deployment.current() : null);
    }

    /** The connection is gone: it leaves the processlist. */
    void unregister() {
        processes.unregister(entry);
    }

    @Override
    public void killQuery() {
        session.killQuery();
    }

    @Override
    public void killConnection() {
        session.kill(); // its kill watch releases the connection
    }

    @Override
    public String database() {
        String catalog = session.catalog();
        return catalog != null ? catalog : config.database();
    }

    @Override
    public List<List<String>> physicalSessions() {
        List<List<String>> rows = new ArrayList<>();
        PhysicalSession pinned = session.pinnedServer();
        for (PhysicalSession ps : session.physicalSessions()) {
            rows.add(List.of(ps.server().toString(), Long.toString(ps.serverThreadId()), Long.toString(ps.syncedVersion()),
                    Long.toString(session.stateVersion()), Boolean.toString(ps == pinned)));
        }
        return rows;
    }
}
