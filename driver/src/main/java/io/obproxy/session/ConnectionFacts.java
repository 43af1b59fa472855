package io.obproxy.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a {@link PhysicalSession} reads of its connection that JDBC does not say: the server's
 * version, the status flags of the last OK or EOF packet, the server's id of the connection,
 * whether the server closed the socket, and the session state changes its OK packets report.
 * Connector/J holds these in its internals ({@link ConnectorJ#facts}); a connection that can answer
 * them itself (a test's fake) says so through {@link Connection#unwrap}.
 */
interface ConnectionFacts {
    /** MySQL's SERVER_STATUS_IN_TRANS: a transaction is open. */
    int IN_TRANSACTION = 0x0001;
    /** OceanBase's partition-miss flag (the bit MySQL calls SERVER_QUERY_WAS_SLOW). */
    int PARTITION_MISS = 0x0800;

    /** @return the server's version string as its greeting gave it */
    String serverVersion();

    /** @return the status flags of the last OK or EOF packet read */
    int statusFlags();

    /** @return the warning count of the last OK or EOF packet read */
    int warningCount();

    /** @return the server's id of this connection (its {@code CONNECTION_ID()}) */
    long threadId();

    /**
     * Asks the socket, without a round trip, whether the server closed the connection (end of
     * stream, reset, or bytes nobody asked for, consumed here); false where that cannot be asked.
     */
    boolean closedByPeer();

    /**
     * Hands {@code sink} the session state changes of every OK packet read from now on (where the
     * connection negotiated session tracking; nothing where it did not, or cannot tell). The caller
     * keeps {@code sink} reachable for as long as it wants them.
     */
    default void onSessionChanges(Consumer<List<SessionChange>> sink) {
    }

    /** @return the facts of {@code connection}: its own when it answers them, else Connector/J's */
    static ConnectionFacts of(Connection connection) throws SQLException {
        return connection.isWrapperFor(ConnectionFacts.class) ? connection.unwrap(ConnectionFacts.class)
                : ConnectorJ.facts(connection);
    }
}
