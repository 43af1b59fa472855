package io.obproxy.session;

import io.obproxy.cluster.ServerAddress;
import java.sql.Connection;

/**
 * How a logical session learns that it was killed from another driver instance (a remote KILL
 * leaves a mark in the cluster, see io.obproxy.process.ClusterProcesses), and what it does then.
 */
public interface KillWatch {
    /** Watches nothing: connections are killed only locally. */
    KillWatch NONE = new KillWatch() {
        @Override
        public boolean killedElsewhere(Connection opened) {
            return false;
        }

        @Override
        public boolean killedElsewhere(ServerAddress failed) {
            return false;
        }

        @Override
        public void killed() {
        }
    };

    /** @return true when a mark on the server {@code opened} (a new physical connection) says the session was killed */
    boolean killedElsewhere(Connection opened);

    /**
     * @return true when a mark in the cluster says the session was killed (after its connection to
     * {@code failed} broke; that server is asked last, if at all)
     */
    boolean killedElsewhere(ServerAddress failed);

    /** The session was killed: whatever holds it lets it go (registry, cluster references). */
    void killed();
}
