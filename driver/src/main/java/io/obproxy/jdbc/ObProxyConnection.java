package io.obproxy.jdbc;

import io.obproxy.session.SessionChange;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

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

    /**
     * Records session variables as {@code SET name = value, ...} would, without a round trip now:
     * every physical connection gets them (in one SET) before its next statement. A value the
     * servers refuse fails that statement.
     *
     * @param variables names to literals in SQL syntax (numbers, quoted strings, or bare words)
     */
    void setSessionVariables(Map<String, String> variables) throws SQLException;

    /**
     * @return the literal in SQL syntax a session system variable was last set to on this connection
     * (by SQL, read back from the server when set with an expression, or by
     * {@link #setSessionVariables}), or null when it was not set
     */
    String sessionVariable(String name) throws SQLException;

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

    /**
     * @return the status flags (MySQL's SERVER_STATUS_* bits) of the last OK or EOF packet the server
     * of the last statement sent, 0 before any: for example SERVER_STATUS_NO_BACKSLASH_ESCAPES
     * (0x0200), which tells whether a backslash escapes in string literals. The transaction bits are
     * that server's, not the logical connection's (see {@link #inTransaction})
     */
    int serverStatusFlags();

    /**
     * @return the warning count of that same packet: how many warnings the last statement left
     * (what {@code SHOW WARNINGS} lists, on the server it ran on)
     */
    int serverWarningCount();

    /**
     * @return the session state changes the server of the last statement reported in its OK packets
     * while running it (where physical connections track session state: Connector/J's
     * {@code trackSessionState}), in the server's order; then forgets them. What the driver's replay
     * of the session state on a server changed is not included.
     */
    List<SessionChange> takeServerSessionChanges();
}
