package io.obproxy.session;

import io.obproxy.cluster.ServerAddress;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the application gets when an execution gives up ({@link FailurePolicy.Verdict}), and what the
 * session keeps afterwards: the server's own error (a transaction it left open on a live connection
 * stays pinned), SQLSTATE 08007 when a write or COMMIT was sent and its answer lost (nothing is
 * sent again; nothing stays pinned), or SQLSTATE 40001 when the connection holding the session's
 * transaction failed (the server rolls it back; the logical connection is free for the next one).
 */
final class FailureOutcomes {
    /** SQLSTATE of {@link #transactionLost}. */
    static final String TRANSACTION_LOST_STATE = "40001";
    private static final Logger log = LoggerFactory.getLogger(FailureOutcomes.class);
    private final ServerSessions servers;
    private final Pins pins;
    private final HeldStatements held;
    private final SessionRouter routes;
    private final SessionLabel label;

    FailureOutcomes(ServerSessions servers, Pins pins, HeldStatements held, SessionRouter routes, SessionLabel label) {
        this.servers = servers;
        this.pins = pins;
        this.held = held;
        this.routes = routes;
        this.label = label;
    }

    /**
     * @param began true when the statement was sent as the first of a transaction (autocommit off,
     *              or a held BEGIN before it): then it started one on its server, whatever it did
     *              there, and the locks it took stay until the transaction ends (an error packet
     *              carries no status flags, so Connector/J's still say "no transaction")
     * @return the error as the server gave it; a transaction it left open on a live connection stays
     * pinned, so that ROLLBACK goes there and releases its locks
     */
    SQLException failed(SQLException e, PhysicalSession ps, boolean began) {
        if (ps != null && servers.holds(ps)) {
            servers.used(ps);
            if (began) {
                pins.transactionStarted(ps);
            } else {
                pins.transactionMayHaveStarted(ps);
            }
        }
        return e;
    }

    /** @return SQLSTATE 08007: a write or COMMIT was sent and its answer lost; it is not sent again */
    SQLException outcomeUnknown(SQLException e, PhysicalSession ps) {
        log.debug("{}: the connection to {} broke after the statement was sent: outcome unknown (08007)", label,
                where(ps), e);
        pins.clear();
        held.clear();
        routes.cluster().metrics().outcomeUnknown();
        return new SQLException("The connection to server " + where(ps) + " broke after the statement was sent,"
                + " so whether it took effect is unknown; it was not sent again (" + e.getMessage() + ")",
                "08007", e.getErrorCode(), e);
    }

    /**
     * @param reasons what the session was pinned for when the attempt failed (read before a broken
     *                connection's drop cleared the pins)
     * @return SQLSTATE 40001: the connection holding the session's transaction (or pinned state)
     * failed; the server rolls the transaction back; the logical connection is free for the next one
     */
    SQLException transactionLost(SQLException e, PhysicalSession ps, String reasons) {
        log.debug("{}: the connection to {} failed while pinned there {}: transaction lost (40001)", label, where(ps),
                reasons, e);
        if (ps != null) {
            servers.drop(ps);
        }
        pins.clear();
        held.clear();
        routes.cluster().metrics().transactionLost();
        return new SQLException("Transaction lost: the connection to server " + where(ps) + " failed while the session"
                + " was pinned there " + reasons + "; the server rolls the transaction back and drops temporary"
                + " tables and locks; run the transaction again (" + e.getMessage() + ")", TRANSACTION_LOST_STATE,
                e.getErrorCode(), e);
    }

    /** @return true for an error made by {@link #transactionLost}: the connection broke, the server rolled back */
    static boolean isTransactionLost(SQLException e) {
        return TRANSACTION_LOST_STATE.equals(e.getSQLState()) && e.getCause() instanceof SQLException cause
                && FailurePolicy.isBrokenConnection(cause);
    }

    private String where(PhysicalSession ps) {
        ServerAddress server = ps != null ? ps.server() : routes.lastServer();
        return server == null ? "(none)" : server.toString();
    }
}
