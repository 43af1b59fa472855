package io.obproxy.session;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The work of one attempt of an {@link Execution} on the physical session it was routed to, in
 * two steps that fail differently: {@link #setUp} sends nothing the server executes (creating or
 * preparing the physical statement there), {@link #send} sends the statement.
 *
 * @param <T> what the statement returns to the application
 */
public interface Attempt<T> {
    /**
     * Gets ready to send on {@code ps}; a failure here means the statement did not run.
     *
     * @return the physical statement that will run (KILL QUERY cancels it)
     */
    Statement setUp(PhysicalSession ps) throws SQLException;

    /** Sends the statement and returns its result. */
    T send() throws SQLException;

    /** @return true when the statement's whole reply has been read (nothing still streams) */
    default boolean replyComplete() throws SQLException {
        return true;
    }

    /**
     * @return true (the default) for a statement: held statements (BEGIN, SET TRANSACTION) go
     * before it and its effects are recorded; false for work on the connection that is no
     * statement (a validity check, metadata), which must not start the held transaction
     */
    default boolean isStatement() {
        return true;
    }

    /**
     * @return false once part of the statement's reply has reached its receiver (a relayed reply,
     * {@link RelaySink#delivered}): the server ran it, so whatever failed then, it is not sent again
     */
    default boolean resendable() {
        return true;
    }

    /** @return the failure as the application should see it (a cancellation it asked for, say) */
    default SQLException failure(SQLException e) {
        return e;
    }
}
