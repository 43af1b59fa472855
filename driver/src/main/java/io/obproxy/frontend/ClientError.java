package io.obproxy.frontend;

import io.obproxy.session.ConnectorJ;
import io.obproxy.session.ServerErrors;
import java.nio.charset.StandardCharsets;
import java.sql.DataTruncation;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error packet a client gets for a failure, as a MySQL server would write it.
 *
 * <ul>
 *   <li>A server's error: its packet as it came (code, SQLSTATE, message bytes), from
 *   {@link ServerErrors}; Connector/J's exception for it keeps the code and text but may carry
 *   another SQLSTATE (its own mapping of HY000, 22001 for every 22xxx).</li>
 *   <li>An error with a MySQL code made by the driver or the front end (1317, 1927, 1065, ...): as
 *   it is.</li>
 *   <li>A failure without a code: the code a server uses for that kind of failure (a statement
 *   stopped 1317, timed out 3024, a transaction to run again 1213, a packet too big 1153,
 *   anything else 1105, a lost server connection too, with its SQLSTATE of class 08: never 2013,
 *   the client library's own code for a connection it lost, though the client's connection is fine:
 *   the mariadb client reads such a packet as malformed, and a client that reconnects on 2013 would
 *   send the statement again); the driver's own text without what Connector/J
 *   said inside it, and never Connector/J's text (its class names and advice are about its own
 *   API, not the client's).</li>
 * </ul>
 *
 * @param message the message's bytes (a server's as sent, else UTF-8)
 */
record ClientError(int code, String sqlState, byte[] message) {
    static final int UNKNOWN_ERROR = 1105;
    private static final Logger log = LoggerFactory.getLogger(ClientError.class);
    private static final String TRUNCATION = "Data truncation: ";

    /** @return what the client gets for {@code e}; {@code sent} is the server's packet for it, or null */
    static ClientError of(SQLException e, ServerErrors.Sent sent) {
        if (sent != null) {
            return new ClientError(sent.code(), sent.sqlState(), sent.message());
        }
        boolean connectorJ = ConnectorJ.madeByConnectorJ(e);
        if (e.getErrorCode() > 0) {
            return of(e.getErrorCode(), state(e.getSQLState(), "HY000"), serverMessage(e));
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTimeoutException) {
            return of(3024, "HY000", "Query execution was interrupted, maximum statement execution time exceeded");
        }
        if (ConnectorJ.isCancellation(e) || state.equals("70100")) {
            return of(1317, "70100", "Query execution was interrupted");
        }
        if (ConnectorJ.isPacketTooBig(e)) {
            return of(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes");
        }
        if (state.startsWith("40")) {
            return of(1213, "40001", connectorJ ? "Deadlock found when trying to get lock; try restarting transaction"
                    : ownText(e));
        }
        if (state.startsWith("08")) { // never 2013: a client library's code for its own connection lost
            return connectorJ ? of(UNKNOWN_ERROR, "08S01", "Lost connection to a server during the statement")
                    : of(UNKNOWN_ERROR, state(state, "08S01"), ownText(e));
        }
        if (connectorJ) {
            log.warn("sent to a client as error 1105 (internal error): {}", e.toString(), e);
            return of(UNKNOWN_ERROR, "HY000", "Internal error of the front end; its log says more");
        }
        return of(UNKNOWN_ERROR, state(state, "HY000"), ownText(e));
    }

    private static ClientError of(int code, String sqlState, String message) {
        return new ClientError(code, sqlState, (message == null ? "" : message).getBytes(StandardCharsets.UTF_8));
    }

    /** @return {@code state} when it is an SQLSTATE a server may send (not Connector/J's S1xxx), else {@code otherwise} */
    private static String state(String state, String otherwise) {
        return state != null && state.length() == 5 && !state.startsWith("S1") ? state : otherwise;
    }

    /** @return the message as the server wrote it: Connector/J puts "Data truncation: " before truncation errors */
    private static String serverMessage(SQLException e) {
        String m = e.getMessage();
        return e instanceof DataTruncation && m != null && m.startsWith(TRUNCATION) ? m.substring(TRUNCATION.length()) : m;
    }

    /**
     * @return the driver's own text of {@code e} without the text of a Connector/J failure it names
     * in parentheses ("... (Communications link failure ...)")
     */
    static String ownText(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && ConnectorJ.madeByConnectorJ(c)
                    && !(c instanceof SQLException s && s.getErrorCode() > 0)) {
                m = m.replace(" (" + c.getMessage() + ")", "").replace(c.getMessage(), "");
            }
        }
        return m;
    }
}
