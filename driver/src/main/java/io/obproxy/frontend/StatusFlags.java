package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyConnection;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The status flags an OK or EOF carries, as a server would set them for the client's session:
 * AUTOCOMMIT and IN_TRANS from the logical connection's state (a BEGIN the driver still holds
 * counts as open, as it would on a server), MORE_RESULTS when another result of the same
 * execution follows. Nothing is remembered: each reply asks the connection anew.
 */
final class StatusFlags {
    private StatusFlags() {
    }

    /**
     * @return AUTOCOMMIT and IN_TRANS of the logical connection now; a connection that cannot tell
     * (closed under the client) reads as a fresh session: AUTOCOMMIT only
     */
    static int of(Connection connection) {
        try {
            int status = connection.getAutoCommit() ? Protocol.STATUS_AUTOCOMMIT : 0;
            return connection.unwrap(ObProxyConnection.class).inTransaction() ? status | Protocol.STATUS_IN_TRANS : status;
        } catch (SQLException closed) {
            return Protocol.STATUS_AUTOCOMMIT;
        }
    }

    /** @return {@code status} with MORE_RESULTS when {@code more} */
    static int withMoreResults(int status, boolean more) {
        return more ? status | Protocol.STATUS_MORE_RESULTS : status;
    }
}
