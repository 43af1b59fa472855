package io.obproxy.jdbc;

import io.obproxy.cluster.Deployment;
import io.obproxy.cluster.ServerAddress;
import io.obproxy.process.ClusterProcesses;
import io.obproxy.session.KillWatch;
import java.sql.Connection;

/**
 * A logical connection's watch for a KILL: from another instance, tombstones naming it in its
 * cluster (when the processlist is cluster-wide); whoever killed it, the connection is released.
 */
final class ClusterKillWatch implements KillWatch {
    private final Deployment deployment;
    private final boolean clusterWide;
    private final int instance;
    private final long id;
    private final Runnable onKilled;

    /** @param deployment the connection's clusters, or null when only local kills count */
    ClusterKillWatch(Deployment deployment, int instance, long id, Runnable onKilled) {
        this.deployment = deployment;
        this.clusterWide = deployment != null;
        this.instance = instance;
        this.id = id;
        this.onKilled = onKilled;
    }

    @Override
    public boolean killedElsewhere(Connection opened) {
        return clusterWide && ClusterProcesses.killedMark(opened, instance, id);
    }

    @Override
    public boolean killedElsewhere(ServerAddress failed) {
        return clusterWide && ClusterProcesses.killedMark(deployment.current(), instance, id, failed);
    }

    @Override
    public void killed() {
        onKilled.run();
    }
}
