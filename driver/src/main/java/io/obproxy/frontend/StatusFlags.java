package io.obproxy.frontend;

import io.obproxy.jdbc.ObProxyConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The status flags an OK or EOF carries, as a server would set them for the client's session:
 * AUTOCOMMIT and IN_TRANS from the logical connection's state (a BEGIN the driver still holds
 * counts as open, as it would on a server), MORE_RESULTS when another result of the same
 * execution follows, and the flags that describe the statement or the session's SQL mode as the
 * server of the last statement set them ({@link #FROM_THE_SERVER}: NO_BACKSLASH_ESCAPES above all,
 * which clients that quote values themselves read). Nothing is remembered: each reply asks the
 * connection anew.
 */
final class StatusFlags {
    /**
     * The server's bits passed to the client: NO_GOOD_INDEX_USED (0x0010), NO_INDEX_USED (0x0020),
     * DB_DROPPED (0x0100), NO_BACKSLASH_ESCAPES (0x0200), PS_OUT_PARAMS (0x1000: the result set that
     * ends holds a prepared CALL's OUT parameters, which clients read as such). Not passed: the transaction and result bits,
     * which are the logical session's, cursor bits (the front end's own cursors), 0x0800 (OceanBase's
     * partition-miss flag, MySQL's QUERY_WAS_SLOW) and SESSION_STATE_CHANGED (no tracking data follows).
     */
    static final int FROM_THE_SERVER = 0x0010 | 0x0020 | 0x0100 | Protocol.STATUS_NO_BACKSLASH_ESCAPES | 0x1000;

    private StatusFlags() {
    }

    /**
     * @return AUTOCOMMIT and IN_TRANS of the logical connection now, with the server's flags; a connection that cannot tell
     * (closed under the client) reads as a fresh session: AUTOCOMMIT only
     */
    static int of(Connection connection) {
        try {
            ObProxyConnection logical = connection.unwrap(ObProxyConnection.class);
            int status = logical.serverStatusFlags() & FROM_THE_SERVER;
            status |= connection.getAutoCommit() ? Protocol.STATUS_AUTOCOMMIT : 0;
            return logical.inTransaction() ? status | Protocol.STATUS_IN_TRANS : status;
        } catch (SQLException closed) {
            return Protocol.STATUS_AUTOCOMMIT;
        }
    }

    /**
     * @return the warning count the server gave the statement's last OK or EOF (what its client
     * would see, so that it asks SHOW WARNINGS); 0 when the connection cannot tell
     */
    static int warnings(Statement st) {
        try {
            return st.getConnection().unwrap(ObProxyConnection.class).serverWarningCount();
        } catch (SQLException closed) {
            return 0;
        }
    }

    /** @return {@code status} with MORE_RESULTS when {@code more} */
    static int withMoreResults(int status, boolean more) {
        return more ? status | Protocol.STATUS_MORE_RESULTS : status;
    }
}
