package io.obproxy.session;

import com.mysql.cj.MysqlConnection;
import io.obproxy.cluster.ServerAddress;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One physical Connector/J connection of a logical session, to one server, and the session
 * state version it was last brought up to. A logical session has at most one per server.
 */
public final class PhysicalSession {
    private final ServerAddress server;
    private final Connection connection;
    private final MysqlConnection mysql;
    private final boolean oceanBase;
    private final int epoch;
    private long syncedVersion;

    /** @param epoch the server's failure epoch when the connection was opened */
    PhysicalSession(ServerAddress server, Connection connection, int epoch) throws SQLException {
        this.server = server;
        this.connection = connection;
        this.epoch = epoch;
        this.mysql = connection.unwrap(MysqlConnection.class);
        this.oceanBase = mysql.getSession().getServerSession().getServerVersion().toString().contains("OceanBase");
    }

    /** @return the server's failure epoch when this connection was opened */
    int epoch() {
        return epoch;
    }

    /** @return true when the server is an OBServer (its version string says OceanBase), not another MySQL server */
    public boolean isOceanBase() {
        return oceanBase;
    }

    public ServerAddress server() {
        return server;
    }

    /** @return the Connector/J connection; statements are created on it */
    public Connection connection() {
        return connection;
    }

    /** @return the session state version this connection was last brought up to */
    public long syncedVersion() {
        return syncedVersion;
    }

    void syncedTo(long version) {
        syncedVersion = version;
    }

    /** @return true when the server's last status flags say a transaction is open */
    public boolean inTransaction() {
        return mysql.getSession().getServerSession().inTransactionOnServer();
    }

    /**
     * @return true when the last OK/EOF carried OceanBase's partition-miss flag (0x0800, the bit
     * MySQL calls SERVER_QUERY_WAS_SLOW): the statement did not run on its data's leader
     */
    public boolean partitionMissed() {
        return (mysql.getSession().getServerSession().getStatusFlags() & 0x0800) != 0;
    }

    /** @return the server's id of this connection (its {@code CONNECTION_ID()}) */
    public long serverThreadId() {
        return mysql.getSession().getThreadId();
    }

    void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: the server side goes away either way
        }
    }

    void abort() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException ignored) {
            // aborting a connection that is already broken
        }
    }

    @Override
    public String toString() {
        return server + "#" + serverThreadId();
    }
}
