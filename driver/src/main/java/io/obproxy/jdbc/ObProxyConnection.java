package io.obproxy.jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * What a logical connection offers beyond {@link java.sql.Connection}; reach it with
 * {@code connection.unwrap(ObProxyConnection.class)}.
 */
public interface ObProxyConnection {
    /**
     * Forgets session state set by SQL (variables, character set, temporary tables, locks, text
     * prepared statements, the forced route): what {@link java.sql.Connection#endRequest()} does for
     * pools that call it. Physical connections carrying such state are closed and reopened on
     * demand; JDBC settings (autocommit, isolation, read-only, catalog) stay.
     */
    void resetSessionState() throws SQLException;

    /** @return {@code host:port} of the server the last statement ran on, or null before the first */
    String lastServer();

    /** @return {@code host:port} of every server this connection has a physical connection to */
    List<String> physicalServers();

    /** @return why the connection is pinned to one server right now (empty when it is not) */
    List<String> pinReasons();

    /**
     * @return true while a transaction is open: a BEGIN was issued (even if held until the next
     * statement), or a statement ran with autocommit off and no COMMIT or ROLLBACK followed
     */
    boolean inTransaction();
}
