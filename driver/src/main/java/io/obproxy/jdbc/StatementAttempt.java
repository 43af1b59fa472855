package io.obproxy.jdbc;

import io.obproxy.session.Attempt;
import io.obproxy.session.LogicalSession;
import io.obproxy.session.PhysicalSession;
import io.obproxy.session.RelaySink;
import io.obproxy.sql.SqlInfo;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One attempt of a logical statement's execution: the physical statement of the server the attempt
 * was routed to (created there with the statement's options on first use), the physical call on
 * it, whether its reply is complete, and a cancellation seen as the application asked for it.
 *
 * @param <T> what the call returns
 */
final class StatementAttempt<T> implements Attempt<T> {
    private final LogicalStatement statement;
    private final StatementResult result;
    private final SqlInfo info;
    private final LogicalStatement.PhysicalCall<T> call;
    private final boolean streaming;
    /** Where the call relays the reply as the server sent it, or null (Connector/J reads it). */
    private final RelaySink relay;
    private Statement st;
    /** What the call returned: whether it relayed the reply ({@link PreClassified.Relayed#RELAYED}). */
    private T returned;

    /**
     * @param streaming true when the statement's result sets are read from the server while open
     * @param relay     where the call relays the reply, or null
     */
    StatementAttempt(LogicalStatement statement, StatementResult result, SqlInfo info,
                     LogicalStatement.PhysicalCall<T> call, boolean streaming, RelaySink relay) {
        this.statement = statement;
        this.result = result;
        this.info = info;
        this.call = call;
        this.streaming = streaming;
        this.relay = relay;
    }

    @Override
    public Statement setUp(PhysicalSession ps) throws SQLException {
        st = statement.physicalFor(ps);
        result.runsOn(ps, st);
        return st;
    }

    /**
     * Runs the call; a streaming statement that assigns variables with expressions reads its results
     * whole instead, since the values are read back on its connection right after it
     * ({@link LogicalSession#readsBack}), which Connector/J refuses while a result streams.
     */
    @Override
    public T send() throws SQLException {
        if (!streaming || !LogicalSession.readsBack(info)) {
            returned = call.call(st);
            return returned;
        }
        int fetchSize = st.getFetchSize();
        st.setFetchSize(0);
        try {
            returned = call.call(st);
            return returned;
        } finally {
            st.setFetchSize(fetchSize);
        }
    }

    /**
     * @return true when the physical statement's whole reply has been read: it was relayed, nothing streams (or it was
     * read whole, see {@link #send}), or its one result is an update count (a multi-statement's later
     * results may still stream)
     */
    @Override
    public boolean replyComplete() throws SQLException {
        return returned == PreClassified.Relayed.RELAYED || !streaming || LogicalSession.readsBack(info) || !info.isMulti() && st.getResultSet() == null;
    }

    /** @return false once part of a relayed reply arrived: the server ran the statement */
    @Override
    public boolean resendable() {
        return relay == null || !relay.delivered();
    }

    @Override
    public SQLException failure(SQLException e) {
        return result.asCancelled(e);
    }
}
